using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Runs every validator of the request and reports all bad fields at once, by their JSON path. Validators are
/// singletons (building one compiles its rules); a rule that depends on the caller reads it from the context
/// (<see cref="ValidationContextCaller.Caller{T}"/>).
/// </summary>
internal sealed class ValidationBehaviour<TRequest, TResponse>(IEnumerable<IValidator<TRequest>> validators, ICurrentUser caller)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var context = new ValidationContext<TRequest>(request);
            context.RootContextData[ValidationContextCaller.Key] = caller;
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            var errors = failures
                .GroupBy(f => JsonPath(f.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            throw new ValidationFailedException(errors);
        }

        return await next(request, cancellationToken);
    }

    // "Citizen.CprNumber" → "citizen.cprNumber", matching the JSON the caller sent.
    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}

/// <summary>The caller of the request being validated, for the few rules that depend on who asks.</summary>
internal static class ValidationContextCaller
{
    public const string Key = "LinkWorker.Caller";

    public static ICurrentUser Caller<T>(this ValidationContext<T> context) =>
        context.RootContextData.TryGetValue(Key, out var caller) && caller is ICurrentUser user
            ? user
            : throw new InvalidOperationException("The request is validated without its caller.");
}
