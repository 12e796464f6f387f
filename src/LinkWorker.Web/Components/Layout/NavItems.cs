using LinkWorker.Application.Common.Security;

namespace LinkWorker.Web.Components.Layout;

/// <summary>One entry of the role-specific menu: shown to anyone with one of the roles.</summary>
/// <param name="Exact">Marked current only on this exact path (not on the paths below it).</param>
public sealed record NavItem(string Href, string TextKey, IReadOnlyList<string> Roles, bool Exact = false);

/// <summary>
/// The menu, in the order shown. Each part of the web app appends its own block, so parallel work merges by
/// appending lines rather than by editing the layout.
/// </summary>
public static class NavItems
{
    public static readonly IReadOnlyList<NavItem> All =
    [
        // Referrer and guide (issue 13)
        new("/referrals/new", "Nav.NewReferral", [Roles.Referrer], Exact: true),
        new("/referrals", "Nav.MyReferrals", [Roles.Referrer], Exact: true),
        new("/queue", "Nav.Queue", [Roles.Guide]),
        new("/tasks", "Nav.Tasks", [Roles.Guide]),

        // Coordinator (issue 14)
        new("/triage", "Nav.Triage", [Roles.Coordinator]),
        new("/guides", "Nav.Guides", [Roles.Coordinator]),
        new("/outcomes", "Nav.Outcomes", [Roles.Coordinator]),
        new("/settings", "Nav.Settings", [Roles.Coordinator]),
    ];
}
