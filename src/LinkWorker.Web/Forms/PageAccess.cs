using LinkWorker.Application.Common.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace LinkWorker.Web.Forms;

/// <summary>
/// Whether the signed-in person's role may open a page. The requests behind the page check again (the pipeline's
/// authorization); this only lets a page say "not allowed" with a 403 instead of failing half-way through.
/// </summary>
public static class PageAccess
{
    /// <summary>True for a person holding one of <paramref name="roles"/>; otherwise the response becomes 403.</summary>
    public static bool Allow(HttpContext? context, ICurrentUser user, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (roles.Any(user.IsInRole))
        {
            return true;
        }

        if (context is { Response.HasStarted: false })
        {
            // The page is the body: the host's status-code pages must not replace it.
            if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }

            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        return false;
    }
}
