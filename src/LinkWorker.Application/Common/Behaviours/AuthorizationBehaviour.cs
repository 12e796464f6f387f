using System.Collections.Concurrent;
using System.Reflection;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Checks the roles a request declares. A request that declares neither roles nor anonymous access is refused:
/// forgetting the rule must fail closed.
/// </summary>
internal sealed class AuthorizationBehaviour<TRequest, TResponse>(ICurrentUser user) : IPipelineBehavior<TRequest, TResponse>
    where TRequest : notnull, IMessage
{
    private static readonly ConcurrentDictionary<Type, (bool Anonymous, AuthorizeAttribute? Rule)> Rules = new();

    public ValueTask<TResponse> Handle(TRequest request, MessageHandlerDelegate<TRequest, TResponse> next, CancellationToken cancellationToken)
    {
        var (anonymous, rule) = Rules.GetOrAdd(request.GetType(), type =>
            (type.GetCustomAttribute<AllowAnonymousAttribute>() is not null, type.GetCustomAttribute<AuthorizeAttribute>()));

        if (anonymous)
        {
            return next(request, cancellationToken);
        }

        if (rule is null)
        {
            throw new InvalidOperationException($"{request.GetType().Name} declares no authorization rule.");
        }

        if (!user.IsAuthenticated || user.UserId is null || user.MunicipalityCode is null)
        {
            throw new UnauthenticatedException();
        }

        if (rule.Roles.Count > 0 && !rule.Roles.Any(user.IsInRole))
        {
            throw new ForbiddenException("Your role may not do this.");
        }

        return next(request, cancellationToken);
    }
}
