namespace LinkWorker.Application.Common.Security;

/// <summary>
/// Names the roles that may send a request. It sits on the request itself, so the rule holds however the use
/// case is reached — an endpoint, a background job or a test.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class AuthorizeAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>States that a request needs no signed-in user (token issue and refresh).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class AllowAnonymousAttribute : Attribute;
