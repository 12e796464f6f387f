using LinkWorker.Application.Common.Security;
using LinkWorker.Web.Forms;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace LinkWorker.Web.Components.Pages.Coordinator;

/// <summary>
/// A coordinator's page: anyone else gets "not allowed" with status 403 (<see cref="PageAccess"/>, as on every
/// role's page) and nothing is read.
/// </summary>
public abstract class CoordinatorPage : ComponentBase
{
    [CascadingParameter] protected HttpContext? HttpContext { get; set; }

    [Inject] protected ICurrentUser User { get; set; } = default!;

    protected bool Allowed { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        Allowed = PageAccess.Allow(HttpContext, User, Roles.Coordinator);
        if (Allowed)
        {
            await Load();
        }
    }

    /// <summary>Reads what the page shows; only for a coordinator.</summary>
    protected abstract Task Load();
}
