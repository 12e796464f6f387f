using System.Globalization;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Web.Components.Shared.Charts;

/// <summary>One bar (or histogram column): its key in the report, what it counts, its value (null when hidden) and the value as read.</summary>
public sealed record ChartBar(string Key, string Label, double? Value, string Display)
{
    public bool Hidden => Value is null;
}

/// <summary>A vertical line across a histogram at a value of its axis (the median, the 90th percentile).</summary>
public sealed record ChartMarker(double At, string Label);

/// <summary>
/// The outcome figures as bars, hidden exactly as the de-identified CSV hides them (ExportOutcomeReportQuery,
/// <see cref="Disclosure"/>): a count of 1–4 is hidden, a breakdown of a shown total also hides the complementary
/// cells that would give a hidden one away, and a share is hidden with its numerator. A chart must not show what the
/// CSV refuses to, since a bar's length is its number.
/// </summary>
public static class ChartData
{
    /// <summary>How a hidden figure is written: the same mark as the CSV, for a small cell and a complementary one.</summary>
    public const string HiddenMark = "x";

    /// <summary>A breakdown that adds up to <paramref name="total"/>; null when it could not be protected and is withheld whole.</summary>
    public static IReadOnlyList<ChartBar>? Breakdown(int total, IReadOnlyList<(string Key, string Label, int Count)> rows)
    {
        var protection = Disclosure.Protect(total, rows.Select(r => r.Count).ToList());
        return protection.Withheld ? null : rows.Select((r, i) => protection.Hidden[i] ? HiddenBar(r.Key, r.Label) : CountBar(r.Key, r.Label, r.Count)).ToList();
    }

    /// <summary>Counts that stand alone (a referral can name several life arenas): each hidden when 1–4.</summary>
    public static IReadOnlyList<ChartBar> Each(IEnumerable<(string Key, string Label, int Count)> rows) =>
        rows.Select(r => Disclosure.IsSmall(r.Count) ? HiddenBar(r.Key, r.Label) : CountBar(r.Key, r.Label, r.Count)).ToList();

    /// <summary>A share in per cent, hidden when its denominator or its numerator is 1–4 (either gives the other away).</summary>
    public static ChartBar Share(string key, string label, int denominator, int numerator, double? share) =>
        Disclosure.IsSmall(denominator) || Disclosure.IsSmall(numerator) || share is null
            ? HiddenBar(key, label)
            : new ChartBar(key, label, Math.Round(share.Value * 100, 1), (share.Value * 100).ToString("0.#", CultureInfo.CurrentCulture) + " %");

    /// <summary>A figure derived from <paramref name="count"/> cases (a median): null when the count is 1–4 or there is none.</summary>
    public static double? Derived(int count, double? value) => Disclosure.IsSmall(count) ? null : value;

    public static ChartBar CountBar(string key, string label, int count) => new(key, label, count, count.ToString(CultureInfo.CurrentCulture));

    public static ChartBar HiddenBar(string key, string label) => new(key, label, null, HiddenMark);

    /// <summary>Histogram columns for every whole day from 0 to the last day with cases, the days without cases as 0.</summary>
    public static IReadOnlyList<(string Key, string Label, int Count)> Days(IReadOnlyList<(int Days, int Cases)> distribution)
    {
        if (distribution.Count == 0)
        {
            return [];
        }

        var byDay = distribution.ToDictionary(d => d.Days, d => d.Cases);
        return Enumerable.Range(0, distribution.Max(d => d.Days) + 1)
            .Select(day => (day.ToString(CultureInfo.InvariantCulture), day.ToString(CultureInfo.InvariantCulture), byDay.GetValueOrDefault(day))).ToList();
    }
}
