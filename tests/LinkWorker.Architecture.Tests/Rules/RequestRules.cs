using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
using LinkWorker.Application.Common.Security;
using Mediator;
using static LinkWorker.Architecture.Tests.Rules.TypeMentions;

namespace LinkWorker.Architecture.Tests.Rules;

/// <summary>The conventions of use cases: requests, their handlers and their validators.</summary>
internal static class RequestRules
{
    private static readonly string[] Suffixes = ["Command", "Query"];

    // Mediator's three request shapes and their handlers; the non-generic ones (IRequest, ICommand) derive from these.
    private static readonly Type[] RequestShapes = [typeof(IRequest<>), typeof(ICommand<>), typeof(IQuery<>)];
    private static readonly Type[] HandlerShapes = [typeof(IRequestHandler<,>), typeof(ICommandHandler<,>), typeof(IQueryHandler<,>)];

    /// <summary>Concrete types that implement Mediator's IRequest&lt;T&gt;, ICommand&lt;T&gt; or IQuery&lt;T&gt;.</summary>
    public static IReadOnlyList<Type> RequestsIn(IEnumerable<Type> types) =>
        types.Where(t => t is { IsClass: true, IsAbstract: false } && IsRequest(t)).ToArray();

    public static bool IsRequest(Type type) => type.GetInterfaces().Any(i => RequestShapes.Any(shape => IsConstructedFrom(i, shape)));

    /// <summary>
    /// Requests are IRequest&lt;T&gt;, whatever their name says: the pages, the jobs and the test hosts send through
    /// helpers typed on IRequest&lt;T&gt;, and the names …Command and …Query already tell writes from reads.
    /// </summary>
    public static IReadOnlyList<string> NotPlainRequests(IEnumerable<Type> requests) =>
        requests.Where(r => !r.GetInterfaces().Any(i => IsConstructedFrom(i, typeof(IRequest<>))))
            .Select(r => $"{NameOf(r)} is not an IRequest<T> (ICommand<T> and IQuery<T> are not used here)")
            .ToArray();

    /// <summary>A request declares exactly one of [Authorize] and [AllowAnonymous]: forgetting both must not pass.</summary>
    public static IReadOnlyList<string> WithoutExactlyOneAuthorizationRule(IEnumerable<Type> requests)
    {
        var violations = new List<string>();
        foreach (var request in requests)
        {
            var authorize = request.IsDefined(typeof(AuthorizeAttribute), inherit: true);
            var anonymous = request.IsDefined(typeof(AllowAnonymousAttribute), inherit: true);
            if (authorize && anonymous)
            {
                violations.Add($"{NameOf(request)} declares both [Authorize] and [AllowAnonymous]");
            }
            else if (!authorize && !anonymous)
            {
                violations.Add($"{NameOf(request)} declares neither [Authorize] nor [AllowAnonymous]");
            }
        }

        return violations;
    }

    /// <summary>A request is a record, and nothing about it can change once built: init accessors only, no writable fields.</summary>
    public static IReadOnlyList<string> NotImmutableRecords(IEnumerable<Type> requests)
    {
        var violations = new List<string>();
        foreach (var request in requests)
        {
            // The compiler gives every record a "<Clone>$" method; no class written by hand can have that name.
            if (request.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is null)
            {
                violations.Add($"{NameOf(request)} is not a record");
            }

            foreach (var property in request.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetSetMethod(nonPublic: false) is { } setter && !IsInitOnly(setter))
                {
                    violations.Add($"{NameOf(request)}.{property.Name} has a public setter");
                }
            }

            foreach (var field in request.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsInitOnly))
            {
                violations.Add($"{NameOf(request)}.{field.Name} is a public writable field");
            }
        }

        return violations;
    }

    /// <summary>Each request has exactly one handler (IRequestHandler, ICommandHandler or IQueryHandler) among the candidates.</summary>
    public static IReadOnlyList<string> WithoutExactlyOneHandler(IEnumerable<Type> requests, IEnumerable<Type> candidates)
    {
        var handlers = HandlersIn(candidates).ToArray();
        var violations = new List<string>();
        foreach (var request in requests)
        {
            var mine = handlers.Where(h => h.Request == request).Select(h => NameOf(h.Handler)).ToArray();
            if (mine.Length != 1)
            {
                violations.Add($"{NameOf(request)} has {mine.Length} handlers{(mine.Length > 0 ? ": " + string.Join(", ", mine) : "")}");
            }
        }

        return violations;
    }

    /// <summary>Handlers are internal: callers reach a use case only through ISender and its pipeline.</summary>
    public static IReadOnlyList<string> PublicHandlers(IEnumerable<Type> candidates) =>
        HandlersIn(candidates).Select(h => h.Handler).Distinct().Where(IsPublic).Select(h => $"{NameOf(h)} is public").ToArray();

    /// <summary>
    /// A request named …Command or …Query lives in its feature folder, the namespace segment named like it without
    /// the suffix: LinkWorker.Application.Referrals.SubmitReferral.SubmitReferralCommand.
    /// </summary>
    public static IReadOnlyList<string> OutsideTheirFeatureFolder(IEnumerable<Type> requests)
    {
        var violations = new List<string>();
        foreach (var request in requests)
        {
            var name = request.Name.Split('`')[0];
            var suffix = Suffixes.FirstOrDefault(s => name.EndsWith(s, StringComparison.Ordinal) && name.Length > s.Length);
            if (suffix is null)
            {
                continue;
            }

            var feature = name[..^suffix.Length];
            var folder = (request.Namespace ?? "").Split('.')[^1];
            if (folder != feature)
            {
                violations.Add($"{NameOf(request)} should live in a namespace ending in .{feature}, not in {request.Namespace}");
            }
        }

        return violations;
    }

    /// <summary>FluentValidation validators are internal, and a request's validator lives in the request's namespace.</summary>
    public static IReadOnlyList<string> MisplacedValidators(IEnumerable<Type> candidates)
    {
        var violations = new List<string>();
        foreach (var validator in candidates.Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            if (ValidatedType(validator) is not { } validated)
            {
                continue;
            }

            if (IsPublic(validator))
            {
                violations.Add($"{NameOf(validator)} is public");
            }

            if (IsRequest(validated) && validator.Namespace != validated.Namespace)
            {
                violations.Add($"{NameOf(validator)} is in {validator.Namespace}, but its request {NameOf(validated)} is in {validated.Namespace}");
            }
        }

        return violations;
    }

    /// <summary>A handler lives in its request's namespace, beside it.</summary>
    public static IReadOnlyList<string> MisplacedHandlers(IEnumerable<Type> candidates) =>
        HandlersIn(candidates)
            .Where(h => h.Handler.Namespace != h.Request.Namespace)
            .Select(h => $"{NameOf(h.Handler)} is in {h.Handler.Namespace}, but its request {NameOf(h.Request)} is in {h.Request.Namespace}")
            .ToArray();

    /// <summary>
    /// One use case, one file: the folder of a use case holds &lt;UseCase&gt;Command.cs or &lt;UseCase&gt;Query.cs with
    /// the request, its validator and its handler; no separate …Handler.cs or …Validator.cs files. Paths are relative
    /// to the Application project, e.g. "Cases/AssignCase/AssignCaseHandler.cs".
    /// </summary>
    public static IReadOnlyList<string> SplitUseCaseFiles(IEnumerable<string> sourceFiles) =>
        sourceFiles
            .Select(f => f.Replace('\\', '/'))
            .Where(f => f.Split('/') is { Length: 3 } parts
                && (parts[2] == parts[1] + "Handler.cs" || parts[2] == parts[1] + "Validator.cs"))
            .Select(f => $"{f} should be part of the use case's Command.cs or Query.cs file")
            .ToArray();

    private static IEnumerable<(Type Handler, Type Request)> HandlersIn(IEnumerable<Type> candidates) =>
        from type in candidates
        where type is { IsClass: true, IsAbstract: false }
        from contract in type.GetInterfaces()
        where HandlerShapes.Any(shape => IsConstructedFrom(contract, shape))
        select (type, contract.GetGenericArguments()[0]);

    private static Type? ValidatedType(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsConstructedFrom(current, typeof(AbstractValidator<>)))
            {
                return current.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static bool IsConstructedFrom(Type type, Type definition) => type.IsGenericType && type.GetGenericTypeDefinition() == definition;

    private static bool IsPublic(Type type) => type.IsPublic || type.IsNestedPublic;

    // An init accessor is a setter whose return carries the IsExternalInit required modifier.
    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
}
