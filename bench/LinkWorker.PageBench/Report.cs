using System.Globalization;

namespace LinkWorker.PageBench;

/// <summary>The run as text: a progress-free summary and markdown tables ready for docs/performance.md.</summary>
internal static class Report
{
    public static readonly TimeSpan RenderBudget = TimeSpan.FromMilliseconds(200);
    public const long WeightBudget = 300 * 1024;

    public static void Write(TextWriter output, DatabaseRun run)
    {
        var health = run.References[0];
        var reference = run.References.Count > 1 ? run.References[1] : health;
        output.WriteLine();
        output.WriteLine(Invariant($"### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {run.Database}: {run.Cases:N0} cases ({Pages.Guide}: {run.GuideOpenCases:N0} open; {Pages.Gp}: {run.GpReferrals:N0} referrals), {run.Rounds} timed requests per page"));
        output.WriteLine();
        output.WriteLine($"Load average (1/5/15 min) before timing: {run.LoadBefore ?? "n/a"}; after: {run.LoadAfter ?? "n/a"}. Seeding took {run.Seeding.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s.");
        output.WriteLine();
        output.WriteLine("| page | path | p50 ms | p95 ms | p99 ms | max ms | p95 ÷ /health/live p95 | p95 ÷ static page p95 | SQL per request | SQL ms p50 | HTML KB | p95 under 200 ms |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var page in run.Pages.Concat(run.References))
        {
            var isReference = run.References.Contains(page);
            output.WriteLine(Invariant(
                $"| {page.Page.Name} | `{Mask(page.Path)}` | {Ms(page.P50)} | {Ms(page.P95)} | {Ms(page.P99)} | {Ms(page.Max)} | {Ratio(page.P95, health.P95)} | {Ratio(page.P95, reference.P95)} | ") +
                Invariant($"{page.CommandsPerRequest:0.#} | {Ms(page.DatabaseP50)} | {page.HtmlBytes / 1024.0:0.0} | {(isReference ? "(reference)" : page.P95 < RenderBudget ? "yes" : "**no**")} |"));
        }

        output.WriteLine();
        output.WriteLine("| page | scripts + styles transferred KB | decoded KB | files | HTML transferred KB (encoding) | under 300 KB |");
        output.WriteLine("|---|---:|---:|---:|---:|---|");
        foreach (var weight in run.Weights)
        {
            output.WriteLine(Invariant(
                $"| {weight.Page.Name} | {Kb(weight.Transferred)} | {Kb(weight.Decoded)} | {weight.Assets.Count} | {Kb(weight.HtmlTransferred)} ({weight.HtmlEncoding}) | {(weight.Transferred < WeightBudget ? "yes" : "**no**")} |"));
        }

        output.WriteLine();
        output.WriteLine("| file | transferred KB | Content-Encoding | decoded KB |");
        output.WriteLine("|---|---:|---|---:|");
        foreach (var asset in run.Weights.SelectMany(w => w.Assets).DistinctBy(a => a.Url))
        {
            output.WriteLine(Invariant($"| `{asset.Url}` | {Kb(asset.Transferred)} | {asset.Encoding} | {Kb(asset.Decoded)} |"));
        }

        var misses = run.Pages.Where(p => p.P95 >= RenderBudget).ToList();
        output.WriteLine();
        output.WriteLine(misses.Count == 0 ? "Every page's p95 is under 200 ms." : $"Over 200 ms at p95: {string.Join(", ", misses.Select(m => m.Page.Name))}.");
        foreach (var page in run.Pages.Where(p => p.P95 >= RenderBudget || p.CommandsPerRequest > 12))
        {
            // The median request's commands, grouped: a command repeated per listed row is an N+1.
            var median = page.Server.OrderBy(s => s.Server).ElementAtOrDefault(page.Server.Count / 2);
            if (median is not null)
            {
                output.WriteLine(Invariant($"  {page.Page.Name}: {median.Commands} SQL commands in the median request ({Ms(median.InDatabase)} ms of {Ms(median.Server)} ms):"));
                foreach (var group in median.CommandHeads.GroupBy(h => h).OrderByDescending(g => g.Count()))
                {
                    output.WriteLine(Invariant($"    {group.Count(),3} × {group.Key}"));
                }
            }
        }

        foreach (var miss in misses)
        {
            if (miss.Slowest is { } slowest)
            {
                output.WriteLine(Invariant($"  {miss.Page.Name}: slowest SQL command {Ms(slowest.Slowest)} ms (server {Ms(slowest.Server)} ms):"));
                output.WriteLine("    " + slowest.SlowestSql?.ReplaceLineEndings(" "));
            }
        }
    }

    // Ids are random ids, not personal data, but a table reads better with the shape than with a GUID.
    private static string Mask(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "{id}");

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(TimeSpan value, TimeSpan reference) =>
        reference <= TimeSpan.Zero ? "n/a" : (value / reference).ToString("0.0", CultureInfo.InvariantCulture) + "×";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
