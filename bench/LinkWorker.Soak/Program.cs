using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

using LinkWorker.LoadDriver;

namespace LinkWorker.Soak;

/// <summary>
/// Soak of a two-node LinkWorker cluster on this machine (issue 18 point 5; started by bench/soak.sh): measures the
/// intake capacity, drives half of it as an open-loop mix of referrals and reads over both nodes for some minutes,
/// samples each node's memory, optionally kills node 1 with SIGKILL part-way, and prints percentiles, errors and
/// memory trends as Markdown. Every acknowledged referral is written to a file for the database check.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (!SoakOptions.TryParse(args, out var options, out var error))
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
                Console.Error.WriteLine();
            }

            Console.WriteLine(SoakOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        void Log(string text) => Console.WriteLine(Invariant($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {text}"));

        using var abort = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            abort.Cancel();
        };

        using var cluster = new Cluster(new Node(1, options.Node1, options.PidFile1), new Node(2, options.Node2, options.PidFile2));
        // Tokens come from node 2, the node a kill run never kills; both nodes accept them (the keys are in the database).
        var tokenHttp = cluster.Nodes[1].Http;
        using var users = new Users(
            new TokenProvider(tokenHttp, options.Referrer, options.Password),
            new TokenProvider(tokenHttp, options.Guide, options.Password),
            new TokenProvider(tokenHttp, options.Coordinator, options.Password));
        try
        {
            await users.Referrer.GetAccessTokenAsync(abort.Token);
            await users.Guide.GetAccessTokenAsync(abort.Token);
            await users.Coordinator.GetAccessTokenAsync(abort.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine(Invariant($"Sign-in failed: {ex.Message}"));
            return 1;
        }

        using var acks = new AckLog(options.AckedFile);
        var run = new SoakRun(options, cluster, users, acks, Log);
        // Sampled from the start so the whole curve is in the CSV; the report counts the warm-up from the soak's start.
        using var stopSampling = new CancellationTokenSource();
        var sampler = new MemorySampler(cluster, TimeSpan.FromSeconds(options.SampleSeconds), options.MemoryCsv);
        var origin = Stopwatch.GetTimestamp();
        var sampling = sampler.RunAsync(() => Stopwatch.GetElapsedTime(origin).TotalSeconds, stopSampling.Token);

        var capacityStats = new SoakStats();
        double capacity;
        double rate;
        if (options.Rate > 0)
        {
            capacity = double.NaN;
            rate = options.Rate;
            Log(Invariant($"rate given: {rate:0.#} operations/s"));
        }
        else
        {
            Log(Invariant($"capacity: closed loop, {options.MeasureConcurrency} submitters over both nodes, {options.MeasureWarmupSeconds} s warm-up + {options.MeasureSeconds} s measured"));
            capacity = await run.MeasureCapacityAsync(
                options.MeasureConcurrency, TimeSpan.FromSeconds(options.MeasureWarmupSeconds), TimeSpan.FromSeconds(options.MeasureSeconds), capacityStats, abort.Token);
            rate = Math.Max(1, capacity / 2);
            Log(Invariant($"capacity {capacity:0.0} referrals/s ({capacityStats.ErrorCount} errors); soak at half: {rate:0.0} operations/s"));
        }

        var kill = options.KillAfterSeconds > 0 ? Invariant($"; kill -9 of node 1 after {options.KillAfterSeconds} s") : string.Empty;
        Log(Invariant($"soak: {options.Minutes} min at {rate:0.0} operations/s, {options.WriteShare:P0} referral submissions ({options.RetryShare:P0} of them sent again with the same key to the other node), the rest reads{kill}"));
        var load = LoadAverage();
        var stats = new SoakStats();
        var soakStart = Stopwatch.GetTimestamp();
        // For bench/soak.sh, which lines up the managed-heap counters with the soak's warm-up.
        Console.WriteLine(Invariant($"soak-start-utc: {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss}"));
        await run.RunOpenLoopAsync(rate, TimeSpan.FromMinutes(options.Minutes), soakStart, stats, abort.Token);
        var wall = Stopwatch.GetElapsedTime(soakStart).TotalSeconds;
        await stopSampling.CancelAsync();
        await sampling;
        var soakOffset = (soakStart - origin) / (double)Stopwatch.Frequency;
        return Report.Print(options, capacity, capacityStats, rate, wall, stats, run, cluster, sampler.Samples, soakOffset, load, LoadAverage());
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal static class Report
{
    public static int Print(
        SoakOptions options, double capacity, SoakStats capacityStats, double rate, double wallSeconds, SoakStats stats, SoakRun run, Cluster cluster,
        IReadOnlyList<MemorySample> memory, double soakOffsetSeconds, string loadBefore, string loadAfter)
    {
        var w = Console.Out;
        w.WriteLine();
        w.WriteLine("## Soak result");
        w.WriteLine();
        w.WriteLine(Program.Invariant($"- nodes: {cluster.Nodes[0].Url} and {cluster.Nodes[1].Url}, one PostgreSQL database; load average {loadBefore} before the soak, {loadAfter} after"));
        w.WriteLine(double.IsNaN(capacity)
            ? Program.Invariant($"- rate given: {rate:0.0} operations/s")
            : Program.Invariant($"- intake capacity (closed loop, {options.MeasureConcurrency} submitters, {options.MeasureSeconds} s after {options.MeasureWarmupSeconds} s warm-up): {capacity:0.0} referrals/s, {capacityStats.ErrorCount} errors; soak at half: {rate:0.0} operations/s"));
        w.WriteLine(Program.Invariant($"- soak: {wallSeconds / 60:0.0} min; {options.WriteShare:P0} submissions, reads split over queue / case view / referrals / triage; max in flight {run.MaxInFlight}, max start lag {run.MaxLagMs:0} ms"));
        w.WriteLine(Program.Invariant($"- referrals acknowledged: {stats.Acknowledged} in the soak (+{capacityStats.Acknowledged} while measuring), all in {options.AckedFile}"));
        if (options.KillAfterSeconds > 0)
        {
            var back = cluster.Nodes[0].BackAfter is { } b ? Program.Invariant($"{b.TotalSeconds:0.0} s after it stopped answering") : "not back before the end";
            w.WriteLine(Program.Invariant($"- kill -9 of node 1 at {run.KilledAt ?? "(not done)"}; requests without an answer: {stats.LostAnswers}, sent again to the other node and answered: {stats.FailoverOk} (of these, submissions the dead node had already committed, answered from the stored key: {stats.ReplayedAfterLoss}); node 1 ready again {back}"));
        }

        w.WriteLine();
        w.WriteLine("| operation | n | p50 ms | p95 ms | p99 ms | max ms | errors |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var op in stats.Operations)
        {
            var sorted = op.Sorted();
            w.WriteLine(Program.Invariant(
                $"| {op.Name} | {sorted.Length} | {P(sorted, 50)} | {P(sorted, 95)} | {P(sorted, 99)} | {P(sorted, 100)} | {op.ErrorCount} |"));
        }

        w.WriteLine();
        w.WriteLine(Program.Invariant($"Memory (VmRSS every {options.SampleSeconds} s, after a {options.WarmupMinutes} min warm-up; a restarted node counts its own):"));
        w.WriteLine();
        w.WriteLine("| node | pid | samples | start MB | end MB | max MB | slope MB/min |");
        w.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        var trends = MemoryTrend.Of(memory, soakOffsetSeconds, options.WarmupMinutes * 60).ToList();
        foreach (var t in trends)
        {
            w.WriteLine(Program.Invariant($"| {t.Node} | {t.Pid} | {t.Count} | {t.StartMb:0} | {t.EndMb:0} | {t.MaxMb:0} | {t.SlopeMbPerMinute:+0.00;-0.00} |"));
        }

        var errors = stats.ErrorCount;
        w.WriteLine();
        foreach (var op in stats.Operations)
        {
            foreach (var sample in op.Samples)
            {
                w.WriteLine(Program.Invariant($"error sample: {sample}"));
            }
        }

        foreach (var sample in stats.ViolationSamples)
        {
            w.WriteLine(Program.Invariant($"idempotency violation: {sample}"));
        }

        var submit = stats.For(SoakStats.Submit).Sorted();
        var all = stats.Operations.Where(o => o.Name != SoakStats.Failover).SelectMany(o => o.Sorted()).Order().ToArray();
        var rss = string.Join(", ", trends.Select(t => Program.Invariant($"node {t.Node} {t.StartMb:0}→{t.EndMb:0} MB ({t.SlopeMbPerMinute:+0.0;-0.0}/min)")));
        w.WriteLine(Program.Invariant(
            $"markdown: | {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {(options.KillAfterSeconds > 0 ? Program.Invariant($"kill -9 node 1 at {run.KilledAt}: {stats.LostAnswers} unanswered, {stats.FailoverOk} resent OK, {stats.ReplayedAfterLoss} of them replays") : "soak")} | {wallSeconds / 60:0.0} min | {rate:0.0} op/s | {all.Length} | p99 submit {P(submit, 99)} ms, all {P(all, 99)} ms | {errors} errors | {stats.Violations} violations | {rss} | load {loadBefore} → {loadAfter} |"));
        return errors == 0 && stats.Violations == 0 ? 0 : 1;
    }

    private static string P(double[] sorted, double percent) => Program.Invariant($"{OperationStats.Percentile(sorted, percent):0.0}");
}

internal sealed record SoakOptions(
    Uri Node1, Uri Node2, string? PidFile1, string? PidFile2, string Password, string Referrer, string Guide, string Coordinator,
    double Rate, int MeasureSeconds, int MeasureWarmupSeconds, int MeasureConcurrency, double Minutes, double WarmupMinutes, double WriteShare, double RetryShare,
    int KillAfterSeconds, int SampleSeconds, string AckedFile, string? MemoryCsv, long CprOffset)
{
    public const string Usage = """
        LinkWorker soak: two nodes on this machine, an open-loop mix at half the measured intake capacity.
        Normally started by bench/soak.sh, which starts PostgreSQL and the nodes and checks the database after.

        Options:
          --node1 <url> --node2 <url>   The two nodes (loopback only). Required.
          --pid-file1 <f> --pid-file2 <f>  Files holding each node's pid (memory samples; the kill). Re-read each time.
          --password <pw>               The demo users' password. Default Demo-2026!
          --referrer/--guide/--coordinator <name>  Default gp.aarhus, guide1.aarhus, coordinator.aarhus
          --rate <n>                    Operations a second; 0 (default) measures capacity and uses half
          --measure-seconds <n>         Capacity window. Default 30
          --measure-warmup <n>          Unmeasured closed-loop seconds before it (JIT, pools). Default 10
          --measure-concurrency <n>     Closed-loop submitters while measuring. Default 8
          --minutes <n>                 Soak length. Default 10
          --warmup-minutes <n>          Memory samples before this are warm-up. Default 2
          --write-share <p>             Share of operations that submit a referral. Default 0.5
          --retry-share <p>             Share of submissions sent again at once with the same key. Default 0.1
          --kill-after <s>              SIGKILL node 1 this many seconds into the soak (0: never). Default 0
          --sample-seconds <n>          Memory sampling interval. Default 10
          --acked <file>                Acknowledged referrals (key, referralId, caseId, phase, node). Default acked.tsv
          --memory-csv <file>           Every memory sample as CSV
          --cpr-offset <n>              Start of the CPR sequence. Default random
        Exit codes: 0 no errors and no idempotency violation, 1 otherwise, 2 bad arguments.
        """;

    public static bool TryParse(string[] args, [NotNullWhen(true)] out SoakOptions? options, out string? error)
    {
        options = null;
        error = null;
        string? problem = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return false;
            }

            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error = $"Expected '--name value', got '{args[i]}'.";
                return false;
            }

            values[args[i]] = args[++i];
        }

        string Text(string name, string fallback) => values.Remove(name, out var v) ? v : fallback;
        double Number(string name, double fallback, double min, double max)
        {
            var text = Text(name, fallback.ToString(CultureInfo.InvariantCulture));
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            {
                problem ??= Program.Invariant($"{name} must be a number from {min} to {max}, got '{text}'.");
            }

            return v;
        }

        Uri? Url(string name)
        {
            var text = Text(name, string.Empty);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !LinkWorkerHttp.IsLoopback(url))
            {
                problem ??= $"{name} must be a loopback http URL (this tool sends no traffic off the machine), got '{text}'.";
                return null;
            }

            return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }

        var node1 = Url("--node1");
        var node2 = Url("--node2");
        var pid1 = Text("--pid-file1", string.Empty);
        var pid2 = Text("--pid-file2", string.Empty);
        var password = Text("--password", "Demo-2026!");
        var referrer = Text("--referrer", "gp.aarhus");
        var guide = Text("--guide", "guide1.aarhus");
        var coordinator = Text("--coordinator", "coordinator.aarhus");
        var rate = Number("--rate", 0, 0, 100_000);
        var measure = (int)Number("--measure-seconds", 30, 1, 3600);
        var measureWarmup = (int)Number("--measure-warmup", 10, 0, 3600);
        var concurrency = (int)Number("--measure-concurrency", 8, 1, 256);
        var minutes = Number("--minutes", 10, 0.1, 24 * 60);
        var warmup = Number("--warmup-minutes", 2, 0, 24 * 60);
        var writeShare = Number("--write-share", 0.5, 0, 1);
        var retryShare = Number("--retry-share", 0.1, 0, 1);
        var killAfter = (int)Number("--kill-after", 0, 0, 86_400);
        var sample = (int)Number("--sample-seconds", 10, 1, 3600);
        var acked = Text("--acked", "acked.tsv");
        var csv = Text("--memory-csv", string.Empty);
        var cpr = (long)Number("--cpr-offset", RandomNumberGenerator.GetInt32((int)Referrals.CprSpace), 0, Referrals.CprSpace - 1);
        if (values.Count > 0)
        {
            problem ??= $"Unknown argument '{values.Keys.First()}'.";
        }

        if (killAfter > 0 && pid1.Length == 0)
        {
            problem ??= "--kill-after needs --pid-file1.";
        }

        error = problem;
        if (error is not null || node1 is null || node2 is null)
        {
            return false;
        }

        options = new SoakOptions(node1, node2, pid1.Length == 0 ? null : pid1, pid2.Length == 0 ? null : pid2, password, referrer, guide, coordinator,
            rate, measure, measureWarmup, concurrency, minutes, warmup, writeShare, retryShare, killAfter, sample, acked, csv.Length == 0 ? null : csv, cpr);
        return true;
    }
}
