using LinkWorker.Domain.Guides;

namespace LinkWorker.Domain.Routing;

/// <summary>What routing knows of the citizen.</summary>
public sealed record RoutingCitizen(
    string Postcode,
    Guid? DistrictId,
    string? DistrictName,
    string PreferredLanguage,
    bool InterpreterNeeded,
    IReadOnlySet<Specialty> Needs,
    Guid? PreviousGuideId);

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

    public string Load => $"{ActiveCases} of {Capacity} cases";
}

/// <summary>A guide, or the coordinator's triage queue when GuideId is null; always with the reasons.</summary>
public sealed record RoutingOutcome(Guid? GuideId, IReadOnlyList<string> Reasons)
{
    public bool ToTriage => GuideId is null;
}

/// <summary>
/// Deterministic, explainable routing. Hard rules first — the guide is active, present and below capacity,
/// covers the citizen's district, and speaks the citizen's language when an interpreter would otherwise be
/// needed — then the best fit: continuity with an earlier guide, most matching specialties, the citizen's
/// language, the lowest load, and finally the name, so the same input always gives the same guide.
/// </summary>
public static class RoutingPolicy
{
    public const string Danish = "da";

    public static RoutingOutcome Decide(RoutingCitizen citizen, IReadOnlyList<GuideCandidate> guides)
    {
        var language = citizen.PreferredLanguage.ToLowerInvariant();
        var languageRequired = citizen.InterpreterNeeded && language != Danish;
        bool Speaks(GuideCandidate g) => g.Languages.Contains(language);

        if (Continuity(citizen, guides, languageRequired, Speaks) is { } continued)
        {
            return continued;
        }

        if (citizen.DistrictId is not { } district)
        {
            return Triage($"postcode {citizen.Postcode} is in no district of this municipality");
        }

        var inDistrict = guides.Where(g => g.Districts.Contains(district)).ToList();
        if (inDistrict.Count == 0)
        {
            return Triage($"no guide covers district {citizen.DistrictName}");
        }

        var available = inDistrict.Where(g => g.IsAvailable).ToList();
        if (available.Count == 0)
        {
            return Triage($"every guide in district {citizen.DistrictName} is full, absent or inactive ({string.Join(", ", inDistrict.Select(Describe))})");
        }

        if (languageRequired)
        {
            available = available.Where(Speaks).ToList();
            if (available.Count == 0)
            {
                return Triage($"no guide with capacity in district {citizen.DistrictName} speaks {language}, and the citizen needs an interpreter");
            }
        }

        var best = available
            .OrderByDescending(g => g.Specialties.Count(citizen.Needs.Contains))
            .ThenByDescending(g => language != Danish && Speaks(g))
            .ThenBy(g => g.ActiveCases)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .ThenBy(g => g.Id)
            .First();

        var reasons = new List<string> { $"district {citizen.DistrictName}" };
        if (language != Danish && Speaks(best))
        {
            reasons.Add($"speaks {language}");
        }

        var matched = best.Specialties.Where(citizen.Needs.Contains).Select(Label).ToList();
        if (matched.Count > 0)
        {
            reasons.Add($"specialty {string.Join(", ", matched)}");
        }

        reasons.Add(best.Load);
        return new RoutingOutcome(best.Id, reasons);
    }

    // The guide the citizen had before comes first — or whoever covers their absence.
    private static RoutingOutcome? Continuity(
        RoutingCitizen citizen, IReadOnlyList<GuideCandidate> guides, bool languageRequired, Func<GuideCandidate, bool> speaks)
    {
        var previous = guides.FirstOrDefault(g => g.Id == citizen.PreviousGuideId);
        if (previous is null)
        {
            return null;
        }

        if (previous.IsAvailable && (!languageRequired || speaks(previous)))
        {
            return new RoutingOutcome(previous.Id, ["continuity: the citizen's guide before", previous.Load]);
        }

        var cover = previous.Absence?.CoveringGuideId is { } coverId ? guides.FirstOrDefault(g => g.Id == coverId) : null;
        if (cover is not null && cover.IsAvailable && (!languageRequired || speaks(cover)))
        {
            return new RoutingOutcome(cover.Id, [$"continuity: covering for {previous.Name}, who is absent until {previous.Absence!.To:yyyy-MM-dd}", cover.Load]);
        }

        return null;
    }

    private static RoutingOutcome Triage(string reason) => new(null, [reason]);

    private static string Describe(GuideCandidate g) =>
        !g.IsActive ? $"{g.Name} inactive" : g.Absence is not null ? $"{g.Name} absent" : $"{g.Name} {g.Load}";

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
}
