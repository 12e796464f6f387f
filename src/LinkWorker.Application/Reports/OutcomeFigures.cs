using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Application.Reports;

/// <summary>The report's arithmetic, kept apart from loading so that every figure is easy to check by hand.</summary>
internal static class OutcomeFigures
{
    public static OutcomeReport Compute(string municipality, DateOnly from, DateOnly to, ReportData data) => new(
        municipality, from, to,
        data.Referrals.Count,
        data.Cases.Count,
        CountBy(data.Referrals.Select(r => r.Sector)),
        CountBy(data.Referrals.Select(r => r.Organisation ?? "(none)")),
        CountBy(data.Referrals.SelectMany(r => r.LifeArenas)),
        CountBy(data.Referrals.SelectMany(r => r.LifeTransitions)),
        CountBy(data.Referrals.Select(r => r.AgeBand)),
        FirstContact(data.Cases),
        data.Caseloads,
        ConsentRates(data),
        CountBy(data.ClosedInPeriod.Select(c => c.Reason.ToString())),
        Tils(data.Measurements),
        Community(data.Participations));

    public static IReadOnlyList<CountRow> CountBy(IEnumerable<string> keys) =>
        keys.GroupBy(k => k, StringComparer.Ordinal).Select(g => new CountRow(g.Key, g.Count()))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    public static FirstContactFigures FirstContact(IReadOnlyList<ReportCase> cases)
    {
        var days = cases.Where(c => c.FirstContactAt is not null)
            .Select(c => (c.FirstContactAt!.Value - c.OpenedAt).TotalDays).Order().ToList();
        return new FirstContactFigures(days.Count, Round(Median(days)), Round(NearestRank(days, 0.9)));
    }

    public static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? null
        : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>The smallest value with at least p of the values at or below it.</summary>
    public static double? NearestRank(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static List<ConsentRateRow> ConsentRates(ReportData data) =>
        Enum.GetValues<ConsentScope>().Select(scope =>
        {
            var cases = data.Consents.Where(c => c.Scopes.Contains(scope)).Select(c => c.CaseId).Distinct().Count();
            return new ConsentRateRow(scope, cases, data.Cases.Count == 0 ? 0 : Math.Round((double)cases / data.Cases.Count, 3));
        }).ToList();

    public static TilsFigures Tils(IReadOnlyList<TilsMeasurement> measurements)
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
            CountBy(baselines.Select(b => b.Category.ToString())));
    }

    public static CommunityFigures Community(IReadOnlyList<(Guid CaseId, bool? StillAttending)> participations)
    {
        var asked = participations.Where(p => p.StillAttending is not null).ToList();
        var still = asked.Count(p => p.StillAttending == true);
        return new CommunityFigures(asked.Count, still, asked.Count == 0 ? null : Math.Round((double)still / asked.Count, 3));
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
