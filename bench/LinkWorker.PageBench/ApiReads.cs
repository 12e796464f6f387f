using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace LinkWorker.PageBench;

/// <summary>One API read to time, with issue 18's goal for it (p99, or for the report its slowest request).</summary>
internal sealed record ApiRead(string User, string Name, Func<SceneIds, string> Path, TimeSpan Goal, bool GoalIsMax = false, int Every = 1);

/// <summary>
/// Issue 18 point 4: the reads a guide and a coordinator make most, through the real HTTP API with bearer tokens
/// from <c>POST /api/auth/token</c>, timed in the same shuffled rounds as <c>/health/live</c> of the same process.
/// </summary>
internal static class ApiReads
{
    public static readonly ApiRead[] All =
    [
        new(Pages.Guide, "guide's queue, first page", _ => "/api/queue?pageSize=50", TimeSpan.FromMilliseconds(20)),
        new(Pages.Coordinator, "triage, first page", _ => "/api/triage?pageSize=50", TimeSpan.FromMilliseconds(20)),
        new(Pages.Guide, "case view", ids => $"/api/cases/{ids.GuideCase}", TimeSpan.FromMilliseconds(10)),
        // Seconds at a million cases: asked every tenth round, and its goal is for each request.
        new(Pages.Coordinator, "outcome report, a year", _ => "/api/reports/outcomes?from=2025-01-01&to=2026-01-01", TimeSpan.FromSeconds(5), GoalIsMax: true, Every: 10),
    ];

    public static readonly ApiRead Reference = new(Pages.Guide, "ref: /health/live", _ => "/health/live", TimeSpan.Zero);
}

/// <summary>A bearer-token client for one demo user; the token is taken again before its 15 minutes run out.</summary>
internal sealed class TokenClient(Uri baseAddress, string userName, string password) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    private DateTimeOffset _takenAt = DateTimeOffset.MinValue;

    public string UserName => userName;

    public async Task<HttpClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (DateTimeOffset.UtcNow - _takenAt > TimeSpan.FromMinutes(10))
        {
            using var response = await _http.PostAsJsonAsync("/api/auth/token", new { userName, password }, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Token for {userName}: {(int)response.StatusCode}.");
            }

            var token = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
                ?? throw new InvalidOperationException($"Token for {userName}: empty answer.");
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            _takenAt = DateTimeOffset.UtcNow;
        }

        return _http;
    }

    public void Dispose() => _http.Dispose();

    private sealed record TokenAnswer(string AccessToken);
}

internal sealed record ApiTiming(ApiRead Read, string Path, IReadOnlyList<TimeSpan> Times, IReadOnlyList<ServerSample> Server, long Bytes)
{
    public TimeSpan P50 => PageTiming.Percentile(Times, 0.50);

    public TimeSpan P95 => PageTiming.Percentile(Times, 0.95);

    public TimeSpan P99 => PageTiming.Percentile(Times, 0.99);

    public TimeSpan Max => Times.Max();

    public double CommandsPerRequest => Server.Count == 0 ? 0 : Server.Average(s => s.Commands);

    public TimeSpan DatabaseP50 => PageTiming.Percentile(Server.Select(s => s.InDatabase).ToList(), 0.50);

    /// <summary>The audit record's commands (its chain's head, the entry, its subjects) and the commit, per request (p50).</summary>
    public TimeSpan AuditP50 => PageTiming.Percentile(Server.Select(s => s.InAudit).ToList(), 0.50);

    public double AuditCommandsPerRequest => Server.Count == 0 ? 0 : Server.Average(s => s.AuditCommands);

    public TimeSpan ServerP99 => PageTiming.Percentile(Server.Select(s => s.Server).ToList(), 0.99);

    public bool Met => Read.GoalIsMax ? Max < Read.Goal : P99 < Read.Goal;
}

internal sealed partial class PageRun
{
    private async Task RunReadsAsync(PageApp app, SceneIds ids, string database, TimeSpan seeding, int open, CancellationToken cancellationToken)
    {
        var reads = ApiReads.All.Where(r => !options.NoReport || r.Every == 1).ToArray();
        var clients = reads.Append(ApiReads.Reference).Select(r => r.User).Distinct()
            .ToDictionary(u => u, u => new TokenClient(app.BaseAddress, u, PageApp.DemoPassword), StringComparer.Ordinal);
        try
        {
            var targets = reads.Append(ApiReads.Reference).ToArray();
            var times = targets.ToDictionary(t => t, _ => new List<TimeSpan>());
            var bytes = new Dictionary<ApiRead, long>();
            var random = new Random(options.RandomSeed);
            output.WriteLine($"Timing {reads.Length} API reads and /health/live: {options.Warmup} warm-up rounds, {options.Requests} timed rounds…");
            var loadBefore = LoadAverage();
            for (var round = -options.Warmup; round < options.Requests; round++)
            {
                if (round == 0)
                {
                    app.Meter.Take();
                }

                random.Shuffle(targets);
                foreach (var target in targets.Where(t => round % t.Every == 0))
                {
                    var http = await clients[target.User].ClientAsync(cancellationToken);
                    var (took, size) = await ReadAsync(http, target.Name, target.Path(ids), cancellationToken);
                    if (round >= 0)
                    {
                        times[target].Add(took);
                        bytes[target] = size;
                    }
                }

                if (round > 0 && round % 100 == 0)
                {
                    output.WriteLine($"  {round} rounds");
                }
            }

            var loadAfter = LoadAverage();
            var server = app.Meter.Take().ToLookup(s => s.Page, StringComparer.Ordinal);
            var timings = targets.Select(t => new ApiTiming(t, t.Path(ids), times[t], server[t.Name].ToList(), bytes.GetValueOrDefault(t))).ToList();
            WriteReads(database, seeding, open, loadBefore, loadAfter, timings);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<(TimeSpan Took, long Bytes)> ReadAsync(HttpClient http, string name, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ServerMeter.PageHeader, name);
        var watch = Stopwatch.StartNew();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode}, not 200.");
        }

        return (watch.Elapsed, body.LongLength);
    }

    private void WriteReads(string database, TimeSpan seeding, int open, string? loadBefore, string? loadAfter, List<ApiTiming> timings)
    {
        var reference = timings.Single(t => t.Read == ApiReads.Reference);
        output.WriteLine();
        output.WriteLine(Invariant($"### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, API reads, {database}: {options.Cases:N0} cases ({Pages.Guide}: {open:N0} open), {options.Requests} timed rounds"));
        output.WriteLine();
        output.WriteLine(Invariant($"Load average (1/5/15 min) before timing: {loadBefore ?? "n/a"}; after: {loadAfter ?? "n/a"}. Seeding took {seeding.TotalSeconds:0} s."));
        output.WriteLine();
        output.WriteLine("| read | path | requests | p50 ms | p95 ms | p99 ms | max ms | p50 ÷ /health/live p50 | p99 ÷ /health/live p99 | SQL per request | SQL ms p50 | audit + commit: commands, ms p50 | server p99 ms | KB | goal | met |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var t in timings)
        {
            var isReference = t.Read == ApiReads.Reference;
            var goal = isReference ? "(reference)" : Invariant($"{(t.Read.GoalIsMax ? "each" : "p99")} < {Ms(t.Read.Goal)} ms");
            output.WriteLine(Invariant(
                $"| {t.Read.Name} | `{System.Text.RegularExpressions.Regex.Replace(t.Path, "[0-9a-f]{8}-[0-9a-f-]{27}", "{id}")}` | {t.Times.Count} | {Ms(t.P50)} | {Ms(t.P95)} | {Ms(t.P99)} | {Ms(t.Max)} | ") +
                Invariant($"{Ratio(t.P50, reference.P50)} | {Ratio(t.P99, reference.P99)} | {t.CommandsPerRequest:0.#} | {Ms(t.DatabaseP50)} | {t.AuditCommandsPerRequest:0.#}, {Ms(t.AuditP50)} | {Ms(t.ServerP99)} | {t.Bytes / 1024.0:0.0} | {goal} | {(isReference ? "" : t.Met ? "yes" : "**no**")} |"));
        }

        // Where a request's commands go (issue 18: round trips, not plans): those of the request with the median
        // server time.
        foreach (var t in timings.Where(t => t.Read != ApiReads.Reference && t.Server.Count > 0))
        {
            var median = t.Server.OrderBy(s => s.Server).ElementAt(t.Server.Count / 2);
            output.WriteLine(Invariant($"  {t.Read.Name}: {median.Commands} commands, {Ms(median.InDatabase)} ms in SQL, server {Ms(median.Server)} ms (the median request):"));
            foreach (var head in median.CommandHeads)
            {
                output.WriteLine("    " + head);
            }
        }

        foreach (var t in timings.Where(t => t.Read != ApiReads.Reference && !t.Met))
        {
            if (t.Server.Where(s => s.SlowestSql is not null).MaxBy(s => s.Slowest) is { } slowest)
            {
                output.WriteLine(Invariant($"  {t.Read.Name}: slowest SQL command {Ms(slowest.Slowest)} ms (server {Ms(slowest.Server)} ms, {slowest.Commands} commands):"));
                output.WriteLine("    " + slowest.SlowestSql?.ReplaceLineEndings(" "));
            }
        }
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Ratio(TimeSpan value, TimeSpan reference) =>
        reference <= TimeSpan.Zero ? "n/a" : (value / reference).ToString("0.0", CultureInfo.InvariantCulture) + "×";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
