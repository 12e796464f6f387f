using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace LinkWorker.LoadDriver;

/// <summary>
/// Load driver for a LinkWorker server running on this machine: logs in, submits referrals from N
/// concurrent workers, re-sends a share of them with the same Idempotency-Key, and prints throughput
/// and latency percentiles plus a Markdown row for docs/performance.md.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (!DriverOptions.TryParse(args, out var options, out var error))
        {
            if (error is not null)
            {
                Console.Error.WriteLine(error);
                Console.Error.WriteLine();
            }

            Console.WriteLine(DriverOptions.Usage);
            return 2;
        }

        // Ctrl+C stops the run but still prints what was measured.
        using var abort = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            abort.Cancel();
        };

        using var http = LinkWorkerHttp.CreateClient(options.Url, options.Concurrency);
        using var tokens = new TokenProvider(http, options.User, options.Password);
        var driver = new Driver(http, tokens, options);

        // Log in before starting the clock so a wrong password fails fast with a clear message.
        try
        {
            await tokens.GetAccessTokenAsync(abort.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException)
        {
            Console.Error.WriteLine(Invariant($"Login at {options.Url} failed: {ex.Message}"));
            return 1;
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            Console.Error.WriteLine(Invariant(
                $"Login at {options.Url} failed: no response within {LinkWorkerHttp.RequestTimeout.TotalSeconds:0} s."));
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 1; // Ctrl+C during login.
        }

        Console.WriteLine(Invariant($"Target {options.Url} as {options.User}: {options.Count} referrals, concurrency {options.Concurrency}"));
        Console.WriteLine(Invariant(
            $"Warm-up {options.Warmup}, retry share {options.RetryShare:0.###}, max {options.MaxSeconds} s, CPR offset {options.CprOffset}"));

        // One deadline for the whole run; workers stop taking new requests once it has passed.
        var deadline = Stopwatch.GetTimestamp() + (options.MaxSeconds * Stopwatch.Frequency);

        // Warm-up (JIT, connection pool, server caches) uses its own indices and is not reported in the stats.
        if (options.Warmup > 0)
        {
            var warmup = new RunStats(options.Warmup);
            await driver.RunAsync(firstIndex: 0, warmup, deadline, abort.Token);
            Console.WriteLine(Invariant(
                $"Warm-up: {warmup.Completed}/{options.Warmup} submissions, {warmup.ErrorCount} errors (not counted below)"));
        }

        var stats = new RunStats(options.Count);
        var started = Stopwatch.GetTimestamp();
        await driver.RunAsync(firstIndex: options.Warmup, stats, deadline, abort.Token);
        var wall = Stopwatch.GetElapsedTime(started);

        if (options.TimelineSeconds > 0)
        {
            Report.Timeline(stats, started, options.TimelineSeconds);
        }

        return Report.Print(options, stats, tokens, wall, aborted: abort.IsCancellationRequested);
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Runs one phase: N workers pull request indices from a shared counter.</summary>
internal sealed class Driver(HttpClient http, TokenProvider tokens, DriverOptions options)
{
    public async Task RunAsync(long firstIndex, RunStats stats, long deadline, CancellationToken ct)
    {
        var next = -1;
        var paceStart = Stopwatch.GetTimestamp();
        var workers = new Task[options.Concurrency];
        for (var w = 0; w < workers.Length; w++)
        {
            workers[w] = Task.Run(
                async () =>
                {
                    while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline)
                    {
                        var slot = Interlocked.Increment(ref next);
                        if (slot >= stats.Capacity)
                        {
                            return;
                        }

                        if (options.Rate > 0)
                        {
                            // Open loop at a fixed rate (e.g. half the measured capacity): request i starts at i / rate.
                            var due = paceStart + (long)(slot * (double)Stopwatch.Frequency / options.Rate);
                            var wait = due - Stopwatch.GetTimestamp();
                            if (wait > 0)
                            {
                                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
                            }
                            else
                            {
                                // Every worker was busy when this one fell due: the server's stall delayed its start.
                                stats.RecordLateStart(slot, -wait);
                            }
                        }

                        try
                        {
                            await SubmitOneAsync(slot, firstIndex + slot, stats, ct);
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested)
                        {
                            return; // Ctrl+C: the interrupted request is neither a success nor an error.
                        }
                    }
                },
                CancellationToken.None);
        }

        await Task.WhenAll(workers);
    }

    private async Task SubmitOneAsync(int slot, long index, RunStats stats, CancellationToken ct)
    {
        var body = Referrals.BuildBody(index, options.CprOffset);
        var key = Guid.NewGuid().ToString();

        var first = await Referrals.SubmitAsync(http, tokens, body, key, ct);
        stats.RecordFirst(slot, first);

        // Only a successful submission has a referralId to compare the retry against.
        if (!first.IsSuccess || !ShouldRetry(index, options.RetryShare))
        {
            return;
        }

        var retry = await Referrals.SubmitAsync(http, tokens, body, key, ct);
        stats.RecordRetry(slot, retry, Referrals.ReferralId(first.Body));
    }

    // Deterministic, evenly spread choice: the fractional parts of index * golden ratio are
    // equidistributed, so about `share` of any run of indices is retried, with no Random to seed.
    private static bool ShouldRetry(long index, double share) => (index * 0.6180339887498949 % 1.0) < share;
}

/// <summary>Thread-safe counters; latencies go into per-slot arrays so recording needs no locks.</summary>
internal sealed class RunStats(int capacity)
{
    private const int MaxSamples = 3;

    // Stopwatch ticks per slot; 0 means "no successful call" (real latencies are never 0 ticks).
    private readonly long[] _firstTicks = new long[capacity];
    private readonly long[] _retryTicks = new long[capacity];
    private readonly long[] _firstEnded = new long[capacity];
    private readonly long[] _lateStartTicks = new long[capacity];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private int _sampleCount;
    private int _completed;
    private int _retries;
    private int _violations;

    public int Capacity => capacity;

    public int Completed => Volatile.Read(ref _completed);

    public int Retries => Volatile.Read(ref _retries);

    public int Violations => Volatile.Read(ref _violations);

    public int ErrorCount => _errors.Values.Sum() + Violations;

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public IEnumerable<string> Samples => _samples;

    public void RecordFirst(int slot, CallResult result)
    {
        Interlocked.Increment(ref _completed);
        _firstEnded[slot] = Stopwatch.GetTimestamp();
        if (result.IsSuccess)
        {
            _firstTicks[slot] = Math.Max(1, result.ElapsedTicks);
        }
        else
        {
            AddError(result.ErrorKey, result);
        }
    }

    public void RecordRetry(int slot, CallResult result, string? firstReferralId)
    {
        Interlocked.Increment(ref _retries);
        if (!result.IsSuccess)
        {
            AddError("retry " + result.ErrorKey, result);
            return;
        }

        _retryTicks[slot] = Math.Max(1, result.ElapsedTicks);

        // An idempotent replay must look like the original: 201 with the same referralId.
        var retryReferralId = Referrals.ReferralId(result.Body);
        if (result.Status != (int)HttpStatusCode.Created || firstReferralId is null || retryReferralId != firstReferralId)
        {
            Interlocked.Increment(ref _violations);
            AddSample(Program.Invariant(
                $"idempotency violation: first referralId {firstReferralId ?? "(none)"}, retry HTTP {result.Status} referralId {retryReferralId ?? "(none)"}"));
        }
    }

    public static double[] ToSortedMilliseconds(long[] ticks)
    {
        var ms = ticks.Where(t => t > 0).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(ms);
        return ms;
    }

    public double[] FirstLatenciesMs() => ToSortedMilliseconds(_firstTicks);

    public void RecordLateStart(int slot, long ticks) => _lateStartTicks[slot] = ticks;

    /// <summary>Each successful first submission as (started, latency ms, started late by ms), in slot order.</summary>
    public IEnumerable<(long Started, double Ms, double LateMs)> FirstCalls()
    {
        for (var slot = 0; slot < _firstTicks.Length; slot++)
        {
            if (_firstTicks[slot] > 0)
            {
                yield return (_firstEnded[slot] - _firstTicks[slot], _firstTicks[slot] * 1000.0 / Stopwatch.Frequency,
                    _lateStartTicks[slot] * 1000.0 / Stopwatch.Frequency);
            }
        }
    }

    public double[] RetryLatenciesMs() => ToSortedMilliseconds(_retryTicks);

    private void AddError(string key, CallResult result)
    {
        _errors.AddOrUpdate(key, 1, (_, n) => n + 1);
        var body = result.Body.Length <= 300 ? result.Body : result.Body[..300];
        AddSample(Program.Invariant($"{key}: {body}"));
    }

    private void AddSample(string text)
    {
        if (Interlocked.Increment(ref _sampleCount) <= MaxSamples)
        {
            _samples.Enqueue(text);
        }
    }
}

internal static class Report
{
    /// <summary>
    /// The first submissions by when they started, in windows of <paramref name="seconds"/>: a slow stretch shows
    /// where it was, with its UTC time to lay beside the database's log (autovacuum, checkpoints).
    /// </summary>
    public static void Timeline(RunStats stats, long started, int seconds)
    {
        var startedUtc = DateTime.UtcNow - Stopwatch.GetElapsedTime(started);
        Console.WriteLine();
        Console.WriteLine(Program.Invariant($"timeline: windows of {seconds} s by start (UTC), first submissions: n, p50 / p99 / max ms, started late (all workers busy): n, max ms"));
        foreach (var window in stats.FirstCalls().GroupBy(c => (long)(Stopwatch.GetElapsedTime(started, c.Started).TotalSeconds / seconds)).OrderBy(w => w.Key))
        {
            var ms = window.Select(c => c.Ms).Order().ToArray();
            var late = window.Where(c => c.LateMs > 0).Select(c => c.LateMs).ToArray();
            Console.WriteLine(Program.Invariant(
                $"timeline: {startedUtc.AddSeconds(window.Key * seconds):HH:mm:ss} n {ms.Length,4}  {Percentile(ms, 50),6:0.0} / {Percentile(ms, 99),6:0.0} / {Percentile(ms, 100),6:0.0} ms  late {late.Length} max {(late.Length == 0 ? 0 : late.Max()):0.0} ms"));
        }
    }

    public static int Print(DriverOptions options, RunStats stats, TokenProvider tokens, TimeSpan wall, bool aborted)
    {
        var first = stats.FirstLatenciesMs();
        var retry = stats.RetryLatenciesMs();
        var seconds = Math.Max(wall.TotalSeconds, 1e-9);

        // req/s counts every measured HTTP request, i.e. first submissions plus idempotent retries.
        var requestsPerSecond = (stats.Completed + stats.Retries) / seconds;
        var submissionsPerSecond = stats.Completed / seconds;
        var complete = stats.Completed == options.Count;

        Console.WriteLine();
        Console.WriteLine("LinkWorker load driver results");
        Line("url", options.Url.ToString());
        Line("requests", Program.Invariant($"{stats.Completed} of {options.Count} submissions, {stats.Retries} idempotent retries"));
        Line("concurrency", Program.Invariant($"{options.Concurrency}"));
        Line("wall", Program.Invariant($"{seconds:0.000} s"));
        Line("throughput", Program.Invariant($"{requestsPerSecond:0.0} req/s (incl. retries), {submissionsPerSecond:0.0} submissions/s"));
        Line("latency (first)", Program.Invariant(
            $"p50 {Percentile(first, 50):0.00} ms, p90 {Percentile(first, 90):0.00} ms, p99 {Percentile(first, 99):0.00} ms, max {Percentile(first, 100):0.00} ms (n={first.Length})"));
        Line("latency (retry)", Program.Invariant(
            $"p50 {Percentile(retry, 50):0.00} ms, p99 {Percentile(retry, 99):0.00} ms (n={retry.Length})"));
        var byStatus = stats.Errors.Count == 0
            ? "none"
            : string.Join(", ", stats.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => Program.Invariant($"{e.Key} x{e.Value}")));
        Line("errors by status", byStatus);
        Line("idempotency violations", Program.Invariant($"{stats.Violations}"));
        Line("errors (total)", Program.Invariant($"{stats.ErrorCount}"));
        Line("token renewals", Program.Invariant($"{tokens.Refreshes} refreshes, {tokens.Logins} logins"));
        foreach (var sample in stats.Samples)
        {
            Line("error sample", sample);
        }

        if (!complete)
        {
            var reason = aborted ? "interrupted" : Program.Invariant($"--max-seconds {options.MaxSeconds} reached");
            Console.WriteLine(Program.Invariant($"INCOMPLETE: {reason} after {stats.Completed} of {options.Count} submissions."));
        }

        Console.WriteLine();
        Console.WriteLine(Program.Invariant(
            $"markdown: | {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {options.Url} | {stats.Completed} | {options.Concurrency} | {requestsPerSecond:0.0} | {Percentile(first, 50):0.00} | {Percentile(first, 99):0.00} | {stats.ErrorCount} |"));

        return stats.ErrorCount == 0 && complete ? 0 : 1;
    }

    // Nearest-rank percentile on sorted data; NaN when nothing was measured.
    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void Line(string label, string value) => Console.WriteLine(Program.Invariant($"  {label,-24}{value}"));
}

internal sealed record DriverOptions(
    Uri Url, string User, string Password, int Count, int Concurrency, int Warmup, double RetryShare, int MaxSeconds, long CprOffset, int Rate = 0, int TimelineSeconds = 0)
{
    public const string Usage = """
        LinkWorker load driver: logs in and submits referrals to a LinkWorker server on this machine,
        then prints throughput and latency percentiles.

        Usage:
          dotnet run -c Release --project bench/LinkWorker.LoadDriver -- --user <name> --password <pw> [options]

        Options:
          --url <url>           Server base URL, loopback only (127.0.0.0/8, localhost, [::1]).
                                Default http://127.0.0.1:5080
          --user <name>         User name (required)
          --password <pw>       Password (required); in bash use single quotes if it contains '!'
          --count <n>           Measured referral submissions. Default 2000
          --concurrency <n>     Parallel workers = max connections. Default 8
          --warmup <n>          Unmeasured submissions before the run. Default 50
          --retry-share <p>     Share 0..1 of submissions re-sent at once with the same
                                Idempotency-Key and body. Default 0.1
          --max-seconds <n>     Deadline for the whole run; no new requests after it. Default 300
          --rate <n>            Open loop: start n requests a second (0, the default: as fast
                                as the workers can). Use half the measured capacity for p99 at half load.
          --timeline <s>        Also print latency by start time in windows of s seconds (0, the default: no).
          --cpr-offset <n>      Start of the CPR number sequence. Default random (printed), so
                                repeated runs against one database create new citizens
          --help                Show this text

        Exit codes: 0 no errors, 1 errors or incomplete run, 2 bad arguments or --help.
        """;

    private static readonly string[] Known =
        ["--url", "--user", "--password", "--count", "--concurrency", "--warmup", "--retry-share", "--max-seconds", "--cpr-offset", "--rate", "--timeline"];

    /// <summary>Parses "--name value" pairs. Returns false with a null error for --help.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out DriverOptions? options, out string? error)
    {
        options = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?")
            {
                error = null;
                return false;
            }

            if (!Known.Contains(name))
            {
                error = $"Unknown argument '{name}'.";
                return false;
            }

            if (i + 1 >= args.Length)
            {
                error = $"Missing value for {name}.";
                return false;
            }

            if (!values.TryAdd(name, args[++i]))
            {
                error = $"{name} given more than once.";
                return false;
            }
        }

        // Every parser runs (so every out variable is assigned); the first problem found is reported.
        string?[] problems =
        [
            ParseUrl(values.GetValueOrDefault("--url", "http://127.0.0.1:5080"), out var url),
            Required(values, "--user", out var user),
            Required(values, "--password", out var password),
            Int(values, "--count", 2000, 1, 10_000_000, out var count),
            Int(values, "--concurrency", 8, 1, 1024, out var concurrency),
            Int(values, "--warmup", 50, 0, 1_000_000, out var warmup),
            Int(values, "--max-seconds", 300, 1, 86_400, out var maxSeconds),
            Int(values, "--rate", 0, 0, 100_000, out var rate),
            Int(values, "--timeline", 0, 0, 3_600, out var timeline),
            Share(values, out var retryShare),
            ParseCprOffset(values, out var cprOffset),
        ];
        error = Array.Find(problems, p => p is not null);
        if (error is not null)
        {
            return false;
        }

        options = new DriverOptions(url!, user!, password!, count, concurrency, warmup, retryShare, maxSeconds, cprOffset, rate, timeline);
        return true;
    }

    private static string? ParseUrl(string text, out Uri? url)
    {
        url = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
            || parsed.Query.Length > 0 || parsed.Fragment.Length > 0)
        {
            return $"--url '{text}' is not an http(s) base URL.";
        }

        // This workplace forbids traffic to other machines, so anything but loopback is refused outright.
        if (!LinkWorkerHttp.IsLoopback(parsed))
        {
            return $"Refusing --url '{text}': only loopback targets (127.0.0.0/8, localhost, [::1]) are allowed; " +
                "this tool must not send traffic off this machine.";
        }

        // A trailing slash makes relative paths like "api/referrals" resolve below any path base.
        url = parsed.AbsolutePath.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        return null;
    }

    private static string? Required(Dictionary<string, string> values, string name, out string? value)
    {
        value = values.GetValueOrDefault(name);
        return string.IsNullOrEmpty(value) ? $"{name} is required." : null;
    }

    private static string? Int(Dictionary<string, string> values, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max
            ? null
            : Program.Invariant($"{name} must be a whole number from {min} to {max}, got '{text}'.");
    }

    private static string? Share(Dictionary<string, string> values, out double value)
    {
        value = 0.1;
        if (!values.TryGetValue("--retry-share", out var text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value is >= 0 and <= 1
            ? null
            : $"--retry-share must be a number from 0 to 1, got '{text}'.";
    }

    private static string? ParseCprOffset(Dictionary<string, string> values, out long value)
    {
        if (!values.TryGetValue("--cpr-offset", out var text))
        {
            // Random start so a second run against the same database still creates new citizens;
            // the mapping from index to CPR stays deterministic and the offset is printed.
            value = RandomNumberGenerator.GetInt32((int)Referrals.CprSpace);
            return null;
        }

        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= 0 && value < Referrals.CprSpace
            ? null
            : Program.Invariant($"--cpr-offset must be a whole number from 0 to {Referrals.CprSpace - 1}, got '{text}'.");
    }
}
