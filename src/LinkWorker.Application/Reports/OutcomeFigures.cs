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
        data.Cases.Count,
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
        Tils(data.Measurements),
        Community(data.Participations))
    {
        CasesByMonth = data.Cases.GroupBy(c => DanishTime.DateOf(c.OpenedAt).ToString("yyyy-MM", CultureInfo.InvariantCulture))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Count())).ToList(),
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

    public static FirstContactFigures FirstContact(IReadOnlyList<ReportCase> cases)
    {
        var days = cases.Where(c => c.FirstContactAt is not null)
            .Select(c => (c.FirstContactAt!.Value - c.OpenedAt).TotalDays).Order().ToList();
        return new FirstContactFigures(days.Count, Round(Median(days)), Round(NearestRank(days, 0.9)))
        {
            Distribution = days.GroupBy(d => (int)Math.Floor(d)).OrderBy(g => g.Key).Select(g => new DayCount(g.Key, g.Count())).ToList(),
        };
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The smallest value with at least p of the values at or below it.</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

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
            return new ConsentRateRow(scope, cases, data.Cases.Count == 0 ? 0 : Math.Round((double)cases / data.Cases.Count, 3));
        }).ToList();

    public static TilsFigures Tils(IReadOnlyList<ReportMeasurement> measurements)
    {
        var pairs = measurements.GroupBy(m => m.CaseId).Select(g =>
        {
            var baseline = g.Where(m => m.Point == MeasurementPoint.Baseline).MinBy(m => m.MeasuredAt);
            var later = baseline is null ? null : g.Where(m => m.Point != MeasurementPoint.Baseline && m.MeasuredAt > baseline.MeasuredAt).MaxBy(m => m.MeasuredAt);
            return (Baseline: baseline, Later: later);
        }).ToList();

        var baselines = pairs.Where(p => p.Baseline is not null).Select(p => p.Baseline!).ToList();
        var complete = pairs.Where(p => p.Baseline is not null && p.Later is not null).ToList();
        var severe = complete.Where(p => p.Baseline!.Category == LonelinessCategory.SeverelyLonely).ToList();
        var movedOut = severe.Count(p => p.Later!.Category != LonelinessCategory.SeverelyLonely);

        return new TilsFigures(
            complete.Count,
            complete.Count == 0 ? null : Math.Round(complete.Average(p => (double)(p.Later!.Total - p.Baseline!.Total)), 2),
            severe.Count,
            movedOut,
            severe.Count == 0 ? null : Math.Round((double)movedOut / severe.Count, 3),
            CountBy(baselines.Select(b => (b.Category.ToString(), 1))),
            baselines.Count,
            [
                new("meanChange", "cases_with_baseline_and_later", complete.Count),
                new("severeAtBaseline", "cases_with_baseline_and_later", complete.Count),
                new("movedOutOfSevere", "severe_at_baseline", severe.Count),
                new("shareMovedOutOfSevere", "severe_at_baseline", severe.Count),
                new("baselineCategories", "cases_with_baseline", baselines.Count),
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
