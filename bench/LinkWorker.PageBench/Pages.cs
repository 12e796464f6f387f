namespace LinkWorker.PageBench;

/// <summary>Ids the pages need, found in the seeded data.</summary>
internal sealed record SceneIds(Guid GuideCase, Guid GpReferral, Guid Offer, Guid Account);

/// <summary>One page to time: who asks for it and where it is.</summary>
internal sealed record PageSpec(string User, string Name, Func<SceneIds, string> Path);

internal static class Pages
{
    public const string Guide = "guide1.aarhus";
    public const string Gp = "gp.aarhus";
    public const string Coordinator = "coordinator.aarhus";
    public const string DirectoryEditor = "directory.aarhus";
    public const string Administrator = "admin.aarhus";

    /// <summary>
    /// The pages of issues 13 and 14, one row each: guide, GP, coordinator, directory editor and administrator. Add a
    /// row for a new page; the user must be a demo login.
    /// </summary>
    public static readonly PageSpec[] All =
    [
        new(Guide, "guide: queue", _ => "/queue"),
        new(Guide, "guide: case", ids => $"/cases/{ids.GuideCase}"),
        new(Guide, "guide: tasks", _ => "/tasks"),
        new(Gp, "GP: new referral", _ => "/referrals/new"),
        new(Gp, "GP: my referrals", _ => "/referrals"),
        new(Gp, "GP: referral sent", ids => $"/referrals/sent/{ids.GpReferral}"),
        new(Coordinator, "coordinator: triage", _ => "/triage"),
        new(Coordinator, "coordinator: guides", _ => "/guides"),
        new(Coordinator, "coordinator: outcomes", _ => "/outcomes"),
        new(Coordinator, "coordinator: settings", _ => "/settings"),
        new(Coordinator, "coordinator: offers", _ => "/offers"),
        new(Coordinator, "coordinator: case audit", ids => $"/cases/{ids.GuideCase}/audit"),
        new(Coordinator, "coordinator: referrals", _ => "/referrals"),
        new(Coordinator, "coordinator: case", ids => $"/cases/{ids.GuideCase}"),
        new(DirectoryEditor, "directory: offers", _ => "/offers"),
        new(DirectoryEditor, "directory: offer", ids => $"/offers/{ids.Offer}"),
        new(DirectoryEditor, "directory: new offer", _ => "/offers/new"),
        new(DirectoryEditor, "directory: import", _ => "/offers/import"),
        new(Coordinator, "coordinator: directory gaps", _ => "/offers/gaps"),
        new(Administrator, "admin: accounts", _ => "/admin/accounts"),
        new(Administrator, "admin: account", ids => $"/admin/accounts/{ids.Account}"),
        new(Administrator, "admin: clients", _ => "/admin/clients"),
        new(Administrator, "admin: outbox", _ => "/admin/outbox"),
        new(Administrator, "admin: reminders", _ => "/admin/reminders"),
    ];

    /// <summary>The references, timed in the same rounds: the same process doing (almost) nothing.</summary>
    public static readonly PageSpec[] References =
    [
        new(Guide, "ref: /health/live", _ => "/health/live"),
        new(Guide, "ref: static page", _ => "/signed-out"),
    ];
}
