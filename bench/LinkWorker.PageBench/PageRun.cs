using System.Diagnostics;
using System.Globalization;
using System.Net;
using LinkWorker.Domain.Cases;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.ReportBench;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.PageBench;

/// <summary>Times of one page (or reference) over the timed rounds, with what the server saw of each request.</summary>
internal sealed record PageTiming(PageSpec Page, string Path, IReadOnlyList<TimeSpan> Times, IReadOnlyList<ServerSample> Server, long HtmlBytes)
{
    public TimeSpan P50 => Percentile(Times, 0.50);

    public TimeSpan P95 => Percentile(Times, 0.95);

    public TimeSpan P99 => Percentile(Times, 0.99);

    public TimeSpan Max => Times.Max();

    public double CommandsPerRequest => Server.Count == 0 ? 0 : Server.Average(s => s.Commands);

    public TimeSpan DatabaseP50 => Percentile(Server.Select(s => s.InDatabase).ToList(), 0.50);

    public TimeSpan ServerP95 => Percentile(Server.Select(s => s.Server).ToList(), 0.95);

    /// <summary>The slowest SQL command seen for this page, for a first look at a miss.</summary>
    public ServerSample? Slowest => Server.Where(s => s.SlowestSql is not null).MaxBy(s => s.Slowest);

    /// <summary>Nearest rank: the smallest time with at least p of the samples at or under it.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> times, double p)
    {
        if (times.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

/// <summary>One script or stylesheet: bytes on the wire with the browser's Accept-Encoding, and decoded.</summary>
internal sealed record AssetWeight(string Url, long Transferred, long Decoded, string Encoding);

internal sealed record PageWeight(PageSpec Page, long HtmlTransferred, string HtmlEncoding, IReadOnlyList<AssetWeight> Assets)
{
    public long Transferred => Assets.Sum(a => a.Transferred);

    public long Decoded => Assets.Sum(a => a.Decoded);
}

internal sealed record DatabaseRun(
    string Database, int Cases, int GuideOpenCases, int GpReferrals, TimeSpan Seeding, int Rounds,
    IReadOnlyList<PageTiming> Pages, IReadOnlyList<PageTiming> References, IReadOnlyList<PageWeight> Weights, string? LoadBefore, string? LoadAfter);

/// <summary>Per database: a fresh database, the app on it, the data set, sign-ins, the timed rounds, page weight.</summary>
internal sealed partial class PageRun(BenchOptions options, TextWriter output)
{
    public async Task<IReadOnlyList<DatabaseRun>> RunAsync(CancellationToken cancellationToken)
    {
        if (options.PostgresServer is { Length: > 0 } server)
        {
            Environment.SetEnvironmentVariable(PostgresCluster.ServerVariable, server);
        }

        var runs = new List<DatabaseRun>();
        foreach (var provider in options.Providers)
        {
            // Reported at once: a later database's failure must not lose this one's figures.
            var run = await RunOneAsync(provider, cancellationToken);
            if (!options.Reads)
            {
                Report.Write(output, run);
            }

            runs.Add(run);
        }

        return runs;
    }

    private async Task<DatabaseRun> RunOneAsync(DatabaseProvider provider, CancellationToken cancellationToken)
    {
        string connection;
        string database;
        var folder = Path.Combine(Path.GetTempPath(), "linkworker-pagebench", Guid.NewGuid().ToString("N"));
        if (provider == DatabaseProvider.Postgres)
        {
            connection = await PostgresCluster.CreateDatabaseAsync("pagebench");
            await using var probe = new Npgsql.NpgsqlConnection(connection);
            await probe.OpenAsync(cancellationToken);
            database = $"PostgreSQL {probe.PostgreSqlVersion.ToString(2)} (throw-away cluster, local)";
        }
        else
        {
            Directory.CreateDirectory(folder);
            connection = $"Data Source={Path.Combine(folder, "linkworker.db")}";
            database = "SQLite (WAL, file)";
        }

        try
        {
            output.WriteLine($"== {database}: starting the app (migrations, demo data)…");
            await using var app = new PageApp(provider, connection);
            app.StartServer();
            var (seeding, ids, open, gpReferrals) = await PrepareAsync(app.Services, provider, cancellationToken);
            if (options.Reads)
            {
                await RunReadsAsync(app, ids, database, seeding, open, cancellationToken);
                return new DatabaseRun(database, options.Cases, open, gpReferrals, seeding, options.Requests, [], [], [], null, null);
            }


            output.WriteLine($"Signing in as {string.Join(", ", Pages.All.Select(p => p.User).Distinct())} through the code flow…");
            var clients = new Dictionary<string, SignedInClient>(StringComparer.Ordinal);
            try
            {
                foreach (var user in Pages.All.Concat(Pages.References).Select(p => p.User).Distinct())
                {
                    clients[user] = await SignedInClient.SignInAsync(app.BaseAddress, user, PageApp.DemoPassword, cancellationToken);
                }

                var targets = Pages.All.Concat(Pages.References).ToList();
                var loadBefore = LoadAverage();
                var timings = await TimeAsync(app, targets, clients, ids, cancellationToken);
                var loadAfter = LoadAverage();
                var weights = await WeighAsync(app.BaseAddress, clients, ids, cancellationToken);
                return new DatabaseRun(
                    database, options.Cases, open, gpReferrals, seeding, options.Requests,
                    timings.Where(t => Pages.All.Contains(t.Page)).ToList(), timings.Where(t => Pages.References.Contains(t.Page)).ToList(), weights, loadBefore, loadAfter);
            }
            finally
            {
                foreach (var client in clients.Values)
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            if (provider == DatabaseProvider.Postgres)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await PostgresCluster.DropDatabaseAsync(connection);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (options.Keep)
                {
                    output.WriteLine($"Kept the SQLite database: {Path.Combine(folder, "linkworker.db")}");
                }
                else
                {
                    TryDelete(folder);
                }
            }
        }
    }

    private async Task<(TimeSpan Seeding, SceneIds Ids, int GuideOpenCases, int GpReferrals)> PrepareAsync(IServiceProvider services, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        output.WriteLine($"Seeding {options.Cases.ToString("N0", CultureInfo.InvariantCulture)} cases of {DataSet.Municipality} over 2025 (the report bench's data set)…");
        var watch = Stopwatch.StartNew();
        var copies = options.SeedBase is { } seedBase && seedBase < options.Cases ? (options.Cases / seedBase) - 1 : 0;
        await DataSet.SeedAsync(services, copies > 0 ? options.SeedBase!.Value : options.Cases, options.RandomSeed,
            done =>
            {
                if (done % 25_000 == 0)
                {
                    output.WriteLine($"  {done.ToString("N0", CultureInfo.InvariantCulture)}");
                }
            },
            cancellationToken);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        if (copies > 0)
        {
            output.WriteLine($"Copying them {copies} times in the database (BulkCopy)…");
            var took = await BulkCopy.MultiplyAsync(db, provider == DatabaseProvider.Postgres, copies, copy => output.WriteLine($"  copy {copy}"), cancellationToken);
            output.WriteLine(FormattableString.Invariant($"Copied in {took.TotalSeconds:0} s."));
        }

        var guide = await db.Users.Where(u => u.UserName == Pages.Guide).Select(u => u.Id).SingleAsync(cancellationToken);
        var gp = await db.Users.Where(u => u.UserName == Pages.Gp).Select(u => new { u.Id, u.OrganisationId }).SingleAsync(cancellationToken);

        // The data set's referrers are made-up ids, one per organisation: the GP's practice's referrals become theirs.
        var gpReferrals = await db.Referrals.IgnoreQueryFilters().Where(r => r.OrganisationId == gp.OrganisationId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReferrerUserId, gp.Id), cancellationToken);
        if (gpReferrals == 0)
        {
            var newest = await db.Referrals.IgnoreQueryFilters().OrderByDescending(r => r.ReceivedAt).Select(r => r.Id).FirstAsync(cancellationToken);
            gpReferrals = await db.Referrals.IgnoreQueryFilters().Where(r => r.Id == newest)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ReferrerUserId, gp.Id), cancellationToken);
        }

        // Autovacuum would analyze the new rows within a minute or so, and mark their pages all-visible (which an
        // index-only scan needs) soon after; on SQLite the app gathers statistics at start-up (a restart after
        // seeding). The plans measured are the settled ones.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync(
            provider == DatabaseProvider.Postgres ? "VACUUM ANALYZE" : LinkWorker.Infrastructure.Persistence.SqliteStatistics.Refresh, cancellationToken);

        watch.Stop();
        var open = db.Cases.IgnoreQueryFilters().Where(c => c.AssignedGuideId == guide && c.Status != CaseStatus.Closed);
        var openCount = await open.CountAsync(cancellationToken);

        // The guide's fullest open case: consent, T-ILS scores and a community, as a worked case has.
        var caseId = await open
            .OrderByDescending(c => db.Consents.IgnoreQueryFilters().Any(x => x.CaseId == c.Id))
            .ThenByDescending(c => db.TilsMeasurements.IgnoreQueryFilters().Count(t => t.CaseId == c.Id))
            .ThenByDescending(c => db.CommunityParticipations.IgnoreQueryFilters().Any(p => p.CaseId == c.Id))
            .ThenBy(c => c.Id)
            .Select(c => c.Id).FirstAsync(cancellationToken);
        var referralId = await db.Referrals.IgnoreQueryFilters().Where(r => r.ReferrerUserId == gp.Id)
            .OrderByDescending(r => r.ReceivedAt).Select(r => r.Id).FirstAsync(cancellationToken);
        output.WriteLine(FormattableString.Invariant(
            $"Seeded in {watch.Elapsed.TotalSeconds:0} s; {Pages.Guide} has {openCount} open cases, {Pages.Gp} {gpReferrals} referrals."));
        var offerId = await db.Offers.IgnoreQueryFilters().Where(o => o.MunicipalityCode == "0751").OrderBy(o => o.Id).Select(o => o.Id).FirstAsync(cancellationToken);
        return (watch.Elapsed, new SceneIds(caseId, referralId, offerId, guide), openCount, gpReferrals);
    }

    /// <summary>
    /// Warm-up, then rounds: every page and reference once per round, in a shuffled order, one request at a time,
    /// so that a noisy moment on the shared machine hits the pages and the references alike.
    /// </summary>
    private async Task<List<PageTiming>> TimeAsync(PageApp app, List<PageSpec> targets, Dictionary<string, SignedInClient> clients, SceneIds ids, CancellationToken cancellationToken)
    {
        var times = targets.ToDictionary(t => t, _ => new List<TimeSpan>());
        var html = new Dictionary<PageSpec, long>();
        var random = new Random(options.RandomSeed);
        var order = targets.ToArray();
        output.WriteLine($"Timing {targets.Count} pages and references: {options.Warmup} warm-up rounds, {options.Requests} timed rounds…");
        for (var round = -options.Warmup; round < options.Requests; round++)
        {
            if (round == 0)
            {
                app.Meter.Take();
            }

            random.Shuffle(order);
            foreach (var target in order)
            {
                var (took, bytes) = await RequestAsync(clients[target.User], target.Name, target.Path(ids), cancellationToken);
                if (round >= 0)
                {
                    times[target].Add(took);
                    html[target] = bytes;
                }
            }

            if (round > 0 && round % 100 == 0)
            {
                output.WriteLine($"  {round} rounds");
            }
        }

        var server = app.Meter.Take().ToLookup(s => s.Page, StringComparer.Ordinal);
        return targets.Select(t => new PageTiming(t, t.Path(ids), times[t], server[t.Name].ToList(), html.GetValueOrDefault(t))).ToList();
    }

    /// <summary>Time to the full response body, as the client sees it over loopback.</summary>
    private static async Task<(TimeSpan Took, long Bytes)> RequestAsync(SignedInClient client, string name, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(ServerMeter.PageHeader, name);
        var watch = Stopwatch.StartNew();
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        watch.Stop();
        var landed = response.RequestMessage?.RequestUri?.PathAndQuery;
        if (response.StatusCode != HttpStatusCode.OK || !string.Equals(landed, path, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} as {client.UserName}: {(int)response.StatusCode} at {landed}, not 200 at {path}.");
        }

        return (watch.Elapsed, body.LongLength);
    }

    private async Task<List<PageWeight>> WeighAsync(Uri baseAddress, Dictionary<string, SignedInClient> clients, SceneIds ids, CancellationToken cancellationToken)
    {
        output.WriteLine("Weighing each page's scripts and styles…");
        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var assets = new Dictionary<string, AssetWeight>(StringComparer.Ordinal);
        var weights = new List<PageWeight>();
        foreach (var page in Pages.All)
        {
            // The page itself as a browser's first request gets it: the session cookie, Accept-Encoding, no decoding.
            using var handler = new HttpClientHandler { UseCookies = false, AutomaticDecompression = DecompressionMethods.None, AllowAutoRedirect = false };
            using var client = new HttpClient(handler) { BaseAddress = baseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, page.Path(ids));
            request.Headers.Accept.ParseAdd("text/html");
            request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br, zstd");
            request.Headers.TryAddWithoutValidation("Cookie", clients[page.User].Cookies.GetCookieHeader(new Uri(baseAddress, page.Path(ids))));
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var htmlEncoding = response.Content.Headers.ContentEncoding.Count == 0 ? "none" : string.Join(",", response.Content.Headers.ContentEncoding);
            // Only readable when not compressed; a compressed page is read again through the decoding client.
            var document = htmlEncoding == "none"
                ? System.Text.Encoding.UTF8.GetString(bytes)
                : await clients[page.User].Http.GetStringAsync(page.Path(ids), cancellationToken);
            var list = new List<AssetWeight>();
            foreach (var url in PageAssets.Find(document))
            {
                if (!assets.TryGetValue(url, out var weight))
                {
                    weight = await WeighAssetAsync(raw, url, cancellationToken);
                    assets[url] = weight;
                }

                list.Add(weight);
            }

            weights.Add(new PageWeight(page, bytes.LongLength, htmlEncoding, list));
        }

        return weights;
    }

    private static async Task<AssetWeight> WeighAssetAsync(HttpClient raw, string url, CancellationToken cancellationToken)
    {
        // As Chromium asks: the bytes on the wire are what the budget counts.
        using var compressed = new HttpRequestMessage(HttpMethod.Get, url);
        compressed.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br, zstd");
        using var wire = await raw.SendAsync(compressed, cancellationToken);
        wire.EnsureSuccessStatusCode();
        var transferred = (await wire.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
        var encoding = wire.Content.Headers.ContentEncoding.Count == 0 ? "none" : string.Join(",", wire.Content.Headers.ContentEncoding);

        using var identity = new HttpRequestMessage(HttpMethod.Get, url);
        using var plain = await raw.SendAsync(identity, cancellationToken);
        plain.EnsureSuccessStatusCode();
        var decoded = (await plain.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
        return new AssetWeight(url, transferred, decoded, encoding);
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux): the figures are only as good as the machine was quiet.</summary>
    internal static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
