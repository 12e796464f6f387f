using LinkWorker.Application.Common.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace LinkWorker.Web.Components.Pages.Coordinator;

/// <summary>
/// A coordinator's page: anyone else gets "not allowed" with status 403 and nothing is read. The requests would
/// refuse them anyway (AuthorizationBehaviour); checking first gives a page rather than an error.
/// </summary>
public abstract class CoordinatorPage : ComponentBase
{
    [CascadingParameter] protected HttpContext? HttpContext { get; set; }

    [Inject] protected ICurrentUser User { get; set; } = default!;

    protected bool Allowed { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Allowed = User.IsInRole(Roles.Coordinator);
        if (!Allowed)
        {
            if (HttpContext is { Response.HasStarted: false } http)
            {
                // The page is the body: the host's status-code pages must not replace it.
                if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                http.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return;
        }

        await Load();
    }

    /// <summary>Reads what the page shows; only for a coordinator.</summary>
    protected abstract Task Load();
}
