namespace LinkWorker.PageBench;

/// <summary>Ids the pages need, found in the seeded data.</summary>
internal sealed record SceneIds(Guid GuideCase, Guid GpReferral);

/// <summary>One page to time: who asks for it and where it is.</summary>
internal sealed record PageSpec(string User, string Name, Func<SceneIds, string> Path);

internal static class Pages
{
    public const string Guide = "guide1.aarhus";
    public const string Gp = "gp.aarhus";
    public const string Coordinator = "coordinator.aarhus";

    /// <summary>
    /// The pages of issues 13 and 14, one row each. Add a row for a new page (the coordinator's triage, guides,
    /// settings, outcomes, offers and the administrator's pages when they exist); the user must be a demo login.
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
    ];

    /// <summary>The references, timed in the same rounds: the same process doing (almost) nothing.</summary>
    public static readonly PageSpec[] References =
    [
        new(Guide, "ref: /health/live", _ => "/health/live"),
        new(Guide, "ref: static page", _ => "/signed-out"),
    ];
}
