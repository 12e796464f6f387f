using System.Globalization;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Application.Reports;

/// <summary>The report's arithmetic, kept apart from loading so that every figure is easy to check by hand.</summary>
internal static class OutcomeFigures
{
    public static OutcomeReport Compute(string municipality, DateOnly from, DateOnly to, ReportData data) => new(
        municipality, from, to,
        data.ReferralOrigins.Sum(r => r.Referrals),
        data.Cases.Total,
        CountBy(data.ReferralOrigins.Select(r => (r.Sector.ToString(), r.Referrals))),
        CountBy(data.ReferralOrigins.Select(r => (OrganisationName(data, r.OrganisationId), r.Referrals))),
        CountBy(data.ReferralLists.SelectMany(l => l.Arenas.Select(a => (a.ToString(), l.Referrals)))),
        CountBy(data.ReferralLists.SelectMany(l => l.Transitions.Select(t => (t.ToString(), l.Referrals)))),
        CountBy(data.ReferralOrigins.Where(r => r.AgeBand is not null).Select(r => (r.AgeBand!, r.Referrals))
            .Concat(data.ComputedAgeBands.Select(band => (band, 1)))),
        FirstContact(data.Cases),
        data.Caseloads,
        ConsentRates(data),
        CountBy(data.ClosedInPeriod.Select(c => (c.Reason.ToString(), c.Cases))),
        Tils(data.TilsPairs),
        Community(data.Participations))
    {
        CasesByMonth = data.Cases.Counts.GroupBy(c => data.Cases.Months[c.Month])
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Sum(c => c.Cases))).ToList(),
    };

    /// <summary>Adds up the counts per key; the largest first, ties by key.</summary>
    public static IReadOnlyList<CountRow> CountBy(IEnumerable<(string Key, int Count)> counts)
    {
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in counts)
        {
            sums[key] = sums.GetValueOrDefault(key) + count;
        }

        return sums.Select(s => new CountRow(s.Key, s.Value))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    private static string OrganisationName(ReportData data, Guid? organisationId) =>
        organisationId is { } id && data.OrganisationNames.TryGetValue(id, out var name) ? name : "(none)";

    /// <summary>
    /// The median and 90th percentile of the exact days to first contact, from the values at the ranks
    /// <see cref="FirstContactRanks"/> names (the database sorts only the whole days those ranks fall in).
    /// </summary>
    public static FirstContactFigures FirstContact(CaseCounts cases)
    {
        var distribution = cases.Distribution;
        var contacted = distribution.Sum(d => d.Cases);
        var median = contacted == 0
            ? (double?)null
            : contacted % 2 == 1 ? cases.DaysAtRank[contacted / 2] : (cases.DaysAtRank[(contacted / 2) - 1] + cases.DaysAtRank[contacted / 2]) / 2;
        var percentile90 = contacted == 0 ? (double?)null : cases.DaysAtRank[NearestRank(contacted, 0.9)];
        return new FirstContactFigures(contacted, Round(median), Round(percentile90)) { Distribution = distribution };
    }

    /// <summary>The 0-based ranks of the sorted values that the median and the 90th percentile of <paramref name="count"/> values read.</summary>
    public static IReadOnlyList<int> FirstContactRanks(int count) => count == 0
        ? []
        : new[] { (count - 1) / 2, count / 2, NearestRank(count, 0.9) }.Distinct().Order().ToList();

    /// <summary>The smallest value with at least p of the values at or below it: its 0-based rank.</summary>
    public static int NearestRank(int count, double p) => Math.Max(0, (int)Math.Ceiling(p * count) - 1);

    /// <summary>
    /// Cases with a consent covering each scope. The groups count consents; a case with several consents would count
    /// once per consent there, so those consents are taken out of the groups and their cases counted once.
    /// </summary>
    private static List<ConsentRateRow> ConsentRates(ReportData data) =>
        Enum.GetValues<ConsentScope>().Select(scope =>
        {
            var consents = data.ConsentScopeLists.Where(g => g.Scopes.Contains(scope)).Sum(g => g.Consents);
            var several = data.ConsentsOfCasesWithSeveral.Where(c => c.Scopes.Contains(scope)).ToList();
            var cases = consents - several.Count + several.Select(c => c.CaseId).Distinct().Count();
            return new ConsentRateRow(scope, cases, data.Cases.Total == 0 ? 0 : Math.Round((double)cases / data.Cases.Total, 3));
        }).ToList();

    /// <summary>Each case's first baseline paired with its latest later score, counted by their categories (IReportQueries.TilsPairs).</summary>
    public static TilsFigures Tils(IReadOnlyList<TilsPairCount> pairs)
    {
        var baselines = pairs.Sum(p => p.Cases);
        var complete = pairs.Where(p => p.Later is not null).ToList();
        var completeCount = complete.Sum(p => p.Cases);
        var severe = complete.Where(p => p.Baseline == LonelinessCategory.SeverelyLonely).ToList();
        var severeCount = severe.Sum(p => p.Cases);
        var movedOut = severe.Where(p => p.Later != LonelinessCategory.SeverelyLonely).Sum(p => p.Cases);

        return new TilsFigures(
            completeCount,

            // Integer changes: their sum is exact, so this is the mean of the changes as a double, as it was.
            completeCount == 0 ? null : Math.Round((double)complete.Sum(p => p.TotalChange) / completeCount, 2),
            severeCount,
            movedOut,
            severeCount == 0 ? null : Math.Round((double)movedOut / severeCount, 3),
            CountBy(pairs.Select(p => (p.Baseline.ToString(), p.Cases))),
            baselines,
            [
                new("meanChange", "cases_with_baseline_and_later", completeCount),
                new("severeAtBaseline", "cases_with_baseline_and_later", completeCount),
                new("movedOutOfSevere", "severe_at_baseline", severeCount),
                new("shareMovedOutOfSevere", "severe_at_baseline", severeCount),
                new("baselineCategories", "cases_with_baseline", baselines),
            ]);
    }

    /// <summary>Participations by their three-month answer (null: not asked yet) and by how far the match came.</summary>
    public static CommunityFigures Community(IReadOnlyList<(bool? StillAttending, MatchStatus Status, int Participations)> participations)
    {
        var asked = participations.Where(p => p.StillAttending is not null).Sum(p => p.Participations);
        var still = participations.Where(p => p.StillAttending == true).Sum(p => p.Participations);
        return new CommunityFigures(
            participations.Sum(p => p.Participations), CountBy(participations.Select(p => (p.Status.ToString(), p.Participations))),
            asked, still, asked == 0 ? null : Math.Round((double)still / asked, 3));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
