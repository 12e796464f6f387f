using LinkWorker.Domain.Guides;

namespace LinkWorker.Domain.Routing;

/// <summary>What routing knows of the citizen (and of who registered the referral).</summary>
/// <param name="PreviousGuideId">The citizen's most recent guide (this case before it was reopened, or an earlier case).</param>
/// <param name="SelfReferralGuideId">The guide who registered the citizen's own call and wants to keep the case.</param>
public sealed record RoutingCitizen(
    string Postcode,
    Guid? DistrictId,
    string? DistrictName,
    string PreferredLanguage,
    bool InterpreterNeeded,
    IReadOnlySet<Specialty> Needs,
    Guid? PreviousGuideId,
    Guid? SelfReferralGuideId = null);

/// <summary>What routing knows of a guide on the day of the decision.</summary>
public sealed record GuideCandidate(
    Guid Id,
    string Name,
    int Capacity,
    int ActiveCases,
    IReadOnlyList<Guid> Districts,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Specialty> Specialties,
    bool IsActive,
    Absence? Absence)
{
    public bool IsAvailable => IsActive && Absence is null && ActiveCases < Capacity;

    public string Load => RoutingReason.Of(RoutingReason.Load, RoutingReason.Number(ActiveCases), RoutingReason.Number(Capacity)).Text;
}

/// <summary>A guide, or the coordinator's triage queue when GuideId is null; always with the reasons.</summary>
public sealed record RoutingOutcome(Guid? GuideId, IReadOnlyList<string> Reasons)
{
    public bool ToTriage => GuideId is null;
}

/// <summary>
/// Deterministic, explainable routing: a table of small rules tried in order; the first that decides wins.
/// A guide's own self-referral stays with them; then continuity with the citizen's most recent guide; then the
/// district rules — the guide is active, covers the district, and speaks the citizen's language when an interpreter
/// would otherwise be needed — and the best fit: most matching specialties, the citizen's language, the lowest load,
/// the name. An absent guide keeps their place in that order; the colleague covering their absence takes the case.
/// </summary>
public static class RoutingPolicy
{
    public const string Danish = "da";

    private static readonly Func<Situation, RoutingOutcome?>[] Rules =
    [
        SelfReferral,
        Continuity,
        KnownDistrict,
        SomeoneCoversDistrict,
        SomeoneCanTakeIt,
        SomeoneSpeaksTheLanguage,
        BestFit,
    ];

    public static RoutingOutcome Decide(RoutingCitizen citizen, IReadOnlyList<GuideCandidate> guides)
    {
        var situation = new Situation(citizen, guides);
        return Rules.Select(rule => rule(situation)).First(outcome => outcome is not null)!;
    }

    private static RoutingOutcome? SelfReferral(Situation s) =>
        s.Guide(s.Citizen.SelfReferralGuideId) is { } guide && s.CanTake(guide)
            ? new RoutingOutcome(guide.Id, [RoutingReason.Of(RoutingReason.SelfReferral, guide.Name).Text, guide.Load])
            : null;

    // The guide the citizen had most recently comes first — or whoever covers their absence.
    private static RoutingOutcome? Continuity(Situation s)
    {
        if (s.Guide(s.Citizen.PreviousGuideId) is not { } previous)
        {
            return null;
        }

        if (s.CanTake(previous))
        {
            return new RoutingOutcome(previous.Id, [RoutingReason.Of(RoutingReason.ContinuityPrevious).Text, previous.Load]);
        }

        return s.CoverOf(previous) is { } cover
            ? new RoutingOutcome(cover.Id, [RoutingReason.Of(RoutingReason.ContinuityCover, previous.Name, AbsenceEnd(previous), cover.Name).Text, cover.Load])
            : null;
    }

    private static RoutingOutcome? KnownDistrict(Situation s) =>
        s.Citizen.DistrictId is null ? Triage(RoutingReason.NoDistrict, s.Citizen.Postcode) : null;

    private static RoutingOutcome? SomeoneCoversDistrict(Situation s) =>
        s.InDistrict.Count == 0 ? Triage(RoutingReason.NoGuideInDistrict, s.Citizen.DistrictName ?? "") : null;

    private static RoutingOutcome? SomeoneCanTakeIt(Situation s) =>
        s.InDistrict.Any(g => g.IsAvailable || s.CoverOf(g) is not null) ? null
            : Triage(RoutingReason.DistrictFull, s.Citizen.DistrictName ?? "", string.Join(", ", s.InDistrict.Select(Describe)));

    private static RoutingOutcome? SomeoneSpeaksTheLanguage(Situation s) =>
        s.Ranked.Count == 0
            ? Triage(RoutingReason.NoGuideSpeaksLanguage, s.Citizen.DistrictName ?? "", s.Language)
            : null;

    // The best-fitting guide takes the case; if they are absent, the colleague covering them does, and the reasons say so.
    private static RoutingOutcome BestFit(Situation s)
    {
        var best = s.Ranked[0];
        var taker = best.Absence is null ? best : s.CoverOf(best)!;
        var reasons = new List<string> { RoutingReason.Of(RoutingReason.District, s.Citizen.DistrictName ?? "").Text };
        if (s.Language != Danish && s.Speaks(best))
        {
            reasons.Add(RoutingReason.Of(RoutingReason.Speaks, s.Language).Text);
        }

        var matched = best.Specialties.Where(s.Citizen.Needs.Contains).Select(Label).ToList();
        if (matched.Count > 0)
        {
            reasons.Add(RoutingReason.Of(RoutingReason.Specialty, string.Join(", ", matched)).Text);
        }

        if (taker != best)
        {
            reasons.Add(RoutingReason.Of(RoutingReason.AbsentCover, best.Name, AbsenceEnd(best), taker.Name).Text);
        }

        reasons.Add(taker.Load);
        return new RoutingOutcome(taker.Id, reasons);
    }

    private static RoutingOutcome Triage(string code, params string[] values) => new(null, [RoutingReason.Of(code, values).Text]);

    private static string AbsenceEnd(GuideCandidate g) => g.Absence is { } a ? RoutingReason.Date(a.To) : "";

    private static string Describe(GuideCandidate g) =>
        (!g.IsActive ? RoutingReason.Of(RoutingReason.GuideInactive, g.Name)
            : g.Absence is not null ? RoutingReason.Of(RoutingReason.GuideAbsent, g.Name)
            : RoutingReason.Of(RoutingReason.GuideLoad, g.Name, RoutingReason.Number(g.ActiveCases), RoutingReason.Number(g.Capacity))).Text;

    public static string Label(Specialty specialty) => specialty switch
    {
        Specialty.Age16To29 => "age 16–29",
        Specialty.Age30To44 => "age 30–44",
        Specialty.Age45To59 => "age 45–59",
        Specialty.Age60To74 => "age 60–74",
        Specialty.Age75Plus => "age 75+",
        Specialty.EthnicMinority => "ethnic minority",
        Specialty.Disability => "disability",
        Specialty.MentalHealth => "mental health",
        Specialty.Seniors => "seniors",
        _ => specialty.ToString(),
    };

    /// <summary>The facts every rule looks at, worked out once.</summary>
    private sealed class Situation
    {
        private readonly IReadOnlyList<GuideCandidate> _guides;
        private readonly bool _languageRequired;

        public Situation(RoutingCitizen citizen, IReadOnlyList<GuideCandidate> guides)
        {
            Citizen = citizen;
            _guides = guides;
            Language = citizen.PreferredLanguage.ToLowerInvariant();
            _languageRequired = citizen.InterpreterNeeded && Language != Danish;
            InDistrict = [.. guides.Where(g => citizen.DistrictId is { } d && g.Districts.Contains(d))];

            // Who could take the case in the district (an absent guide through their cover), best fit first.
            Ranked = [.. InDistrict
                .Where(g => g.IsAvailable || CoverOf(g) is not null)
                .Where(g => !_languageRequired || Speaks(g))
                .OrderByDescending(g => g.Specialties.Count(citizen.Needs.Contains))
                .ThenByDescending(g => Language != Danish && Speaks(g))
                .ThenBy(g => g.ActiveCases)
                .ThenBy(g => g.Name, StringComparer.Ordinal)
                .ThenBy(g => g.Id)];
        }

        public RoutingCitizen Citizen { get; }

        public string Language { get; }

        public IReadOnlyList<GuideCandidate> InDistrict { get; }

        public IReadOnlyList<GuideCandidate> Ranked { get; }

        public GuideCandidate? Guide(Guid? id) => id is null ? null : _guides.FirstOrDefault(g => g.Id == id);

        public bool Speaks(GuideCandidate g) => g.Languages.Contains(Language);

        /// <summary>Present, active, below capacity, and speaks the language when it must.</summary>
        public bool CanTake(GuideCandidate g) => g.IsAvailable && (!_languageRequired || Speaks(g));

        /// <summary>The colleague covering an active guide's absence, when they can take the case.</summary>
        public GuideCandidate? CoverOf(GuideCandidate g) =>
            g.IsActive && g.Absence?.CoveringGuideId is { } id && Guide(id) is { } cover && CanTake(cover) ? cover : null;
    }
}
