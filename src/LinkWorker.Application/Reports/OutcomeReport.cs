using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Reports;

/// <summary>
/// What the effort achieved in a period, for one municipality. The period covers cases whose first referral
/// arrived in [from, to) (Danish dates); closures count by their closing date in the period.
/// </summary>
public sealed record OutcomeReport(
    string Municipality,
    DateOnly From,
    DateOnly To,
    int Referrals,
    int Cases,
    IReadOnlyList<CountRow> ReferralsBySector,
    IReadOnlyList<CountRow> ReferralsByOrganisation,
    IReadOnlyList<CountRow> ReferralsByLifeArena,
    IReadOnlyList<CountRow> ReferralsByLifeTransition,
    IReadOnlyList<CountRow> ReferralsByAgeBand,
    FirstContactFigures DaysToFirstContact,
    IReadOnlyList<CaseloadRow> Caseloads,
    IReadOnlyList<ConsentRateRow> ConsentRates,
    IReadOnlyList<CountRow> ClosureReasons,
    TilsFigures Tils,
    CommunityFigures Community)
{
    /// <summary>The period's cases by the Danish month their first referral arrived ("2026-03"), in month order.</summary>
    public IReadOnlyList<CountRow> CasesByMonth { get; init; } = [];
}

public sealed record CountRow(string Key, int Count);

/// <summary>Calendar days from the referral to the first contact: median and 90th percentile (nearest rank).</summary>
public sealed record FirstContactFigures(int CasesContacted, double? Median, double? Percentile90)
{
    /// <summary>How many cases were first contacted after each whole number of days (0 = within the first day), by days.</summary>
    public IReadOnlyList<DayCount> Distribution { get; init; } = [];
}

public sealed record DayCount(int Days, int Cases);

public sealed record CaseloadRow(Guid GuideId, string Guide, int ActiveCases, int Capacity);

public sealed record ConsentRateRow(ConsentScope Scope, int Cases, double Rate);

/// <summary>
/// T-ILS change from the baseline to the latest later measurement (negative = less lonely), and the share of those
/// severely lonely at baseline who are no longer severely lonely.
/// </summary>
/// <remarks>
/// The figures have different populations; <see cref="Populations"/> names each figure's denominator and its size
/// (docs/outcomes-csv.md): the baseline categories count every case with a baseline, the change only cases with a
/// later measurement too.
/// </remarks>
public sealed record TilsFigures(
    int CasesWithBaselineAndLater, double? MeanChange, int SevereAtBaseline, int MovedOutOfSevere, double? ShareMovedOutOfSevere,
    IReadOnlyList<CountRow> BaselineCategories, int CasesWithBaseline, IReadOnlyList<FigurePopulation> Populations);

/// <summary>The population a figure is computed over: its name (as in the CSV) and how many cases are in it.</summary>
public sealed record FigurePopulation(string Figure, string Population, int Cases);

/// <summary>Of the matches asked about at the three-month follow-up, the share still taking part.</summary>
/// <summary>Matches to communities made for the period's cases, how far they came, and the three-month answer.</summary>
public sealed record CommunityFigures(int Matches, IReadOnlyList<CountRow> MatchesByStatus, int AskedAtThreeMonths, int StillAttending, double? ShareStillAttending);

/// <summary>Everything the report needs, loaded once and mostly counted already; the figures are pure functions of it.</summary>
internal sealed record ReportData(
    CaseCounts Cases,
    IReadOnlyList<ReferralOrigin> ReferralOrigins,
    IReadOnlyDictionary<Guid, string> OrganisationNames,
    IReadOnlyList<string> ComputedAgeBands,
    IReadOnlyList<ReferralLists> ReferralLists,
    IReadOnlyList<(ClosureReason Reason, int Cases)> ClosedInPeriod,
    IReadOnlyList<(IReadOnlyList<ConsentScope> Scopes, int Consents)> ConsentScopeLists,
    IReadOnlyList<(Guid CaseId, IReadOnlyList<ConsentScope> Scopes)> ConsentsOfCasesWithSeveral,
    IReadOnlyList<TilsPairCount> TilsPairs,
    IReadOnlyList<(bool? StillAttending, MatchStatus Status, int Participations)> Participations,
    IReadOnlyList<CaseloadRow> Caseloads);

/// <summary>Referrals counted by their stored lists of life arenas and life transitions.</summary>
internal sealed record ReferralLists(IReadOnlyList<LifeArena> Arenas, IReadOnlyList<LifeTransition> Transitions, int Referrals);

/// <summary>
/// The period's cases counted by month (<see cref="Months"/> names the indexes) and whole days to first contact,
/// and the exact days to first contact at the ranks the median and 90th percentile need (0-based, ascending).
/// </summary>
internal sealed record CaseCounts(IReadOnlyList<string> Months, IReadOnlyList<CaseDayCount> Counts, IReadOnlyDictionary<int, double> DaysAtRank)
{
    public int Total => Counts.Sum(c => c.Cases);

    /// <summary>The contacted cases by whole days, fewest days first.</summary>
    public IReadOnlyList<DayCount> Distribution => Counts.Where(c => c.Days is not null).GroupBy(c => c.Days!.Value).OrderBy(g => g.Key)
        .Select(g => new DayCount(g.Key, g.Sum(c => c.Cases))).ToList();
}

/// <summary>Referrals counted by sector, organisation and stored age band (null: received before it was stored).</summary>
internal sealed record ReferralOrigin(Sector Sector, Guid? OrganisationId, string? AgeBand, int Referrals);
