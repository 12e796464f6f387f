using System.Security.Claims;
using LinkWorker.Infrastructure.Identity;

namespace LinkWorker.Api.Security;

/// <summary>
/// A revoked token, or a locked account's, stops working before it expires (ADR 0019): after authentication, a
/// caller holding one of the embedded server's access tokens is treated as anonymous unless the token entry and the
/// account are still good, so authorization answers 401. It runs here rather than in the bearer handler's events
/// because the check reads the database: when the database is away, its exception reaches the exception handler
/// (503, ADR 0014) instead of being logged by the bearer handler as an error in processing the token.
/// </summary>
internal sealed class AccessTokenStatusMiddleware(RequestDelegate next)
{
    /// <summary>The authentication type given to identities built from the embedded server's access tokens.</summary>
    public const string AuthenticationType = "LinkWorker.AccessToken";

    public async Task InvokeAsync(HttpContext context, AccessTokenStatus status)
    {
        if (context.User.Identity is { IsAuthenticated: true, AuthenticationType: AuthenticationType }
            && !await status.IsUsableAsync(context.User, context.RequestAborted))
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity());
        }

        await next(context);
    }
}
