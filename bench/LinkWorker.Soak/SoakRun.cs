using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

using LinkWorker.LoadDriver;

namespace LinkWorker.Soak;

/// <summary>The three demo users the mix acts as, each with its own bearer token.</summary>
internal sealed record Users(TokenProvider Referrer, TokenProvider Guide, TokenProvider Coordinator) : IDisposable
{
    public void Dispose()
    {
        Referrer.Dispose();
        Guide.Dispose();
        Coordinator.Dispose();
    }
}

/// <summary>Every acknowledged referral (a 201 with its referralId), one line each, for the database check.</summary>
internal sealed class AckLog(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: false) { AutoFlush = true };

    public void Write(string key, string referralId, string caseId, string phase, int node)
    {
        lock (_writer)
        {
            _writer.WriteLine(Program.Invariant($"{key}\t{referralId}\t{caseId}\t{phase}\t{node}"));
        }
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>
/// The soak: a closed-loop capacity measurement, then an open-loop mix of referral submissions and reads spread over
/// both nodes, optionally with one node killed (SIGKILL) part-way. A request that gets no answer from a node (the
/// connection dies with it) is sent again, with the same Idempotency-Key and body, to the other node — as a client
/// behind a load balancer would.
/// </summary>
internal sealed class SoakRun(SoakOptions options, Cluster cluster, Users users, AckLog acks, Action<string> log)
{
    private static readonly Uri QueuePath = new("api/queue", UriKind.Relative);
    private static readonly Uri TriagePath = new("api/triage", UriKind.Relative);
    private static readonly Uri ReferralsPath = new("api/referrals", UriKind.Relative);

    private readonly string[] _recentCases = new string[1024];
    private long _caseCount;
    private long _referralIndex = -1;
    private long _inFlight;
    private long _maxInFlight;
    private double _maxLagMs;

    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    public double MaxLagMs => _maxLagMs;

    public string? KilledAt { get; private set; }

    /// <summary>Closed loop of <paramref name="workers"/> submitters for warm-up plus the measured window; submissions a second in the window.</summary>
    public async Task<double> MeasureCapacityAsync(int workers, TimeSpan warmup, TimeSpan window, SoakStats stats, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var windowStart = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = windowStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        long op = -1;
        var inWindow = 0;
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (!ct.IsCancellationRequested && Stopwatch.GetTimestamp() < end)
                {
                    var acknowledged = await SubmitAsync(Interlocked.Increment(ref op), "capacity", stats, allowImmediateRetry: false, ct);
                    var now = Stopwatch.GetTimestamp();
                    if (acknowledged && now >= windowStart && now < end)
                    {
                        Interlocked.Increment(ref inWindow);
                    }
                }
            },
            CancellationToken.None)).ToArray();
        await Task.WhenAll(tasks);
        return inWindow / window.TotalSeconds;
    }

    /// <summary>Starts operation i at start + i / rate whatever the answers do (open loop), for the duration.</summary>
    public async Task RunOpenLoopAsync(double rate, TimeSpan duration, long soakStart, SoakStats stats, CancellationToken ct)
    {
        var random = new Random(18); // the same mix every run
        var total = (long)(rate * duration.TotalSeconds);
        var killAt = options.KillAfterSeconds > 0 ? soakStart + (long)(options.KillAfterSeconds * Stopwatch.Frequency) : long.MaxValue;
        var nextProgress = soakStart + (60 * Stopwatch.Frequency);
        var running = new List<Task>();
        for (long i = 0; i < total && !ct.IsCancellationRequested; i++)
        {
            var due = soakStart + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), ct);
            }

            var now = Stopwatch.GetTimestamp();
            _maxLagMs = Math.Max(_maxLagMs, (now - due) * 1000.0 / Stopwatch.Frequency);
            if (now >= killAt)
            {
                killAt = long.MaxValue;
                Kill(cluster.Nodes[0], (now - soakStart) / (double)Stopwatch.Frequency);
            }

            if (now >= nextProgress)
            {
                nextProgress += 60 * Stopwatch.Frequency;
                var rss = string.Join(", ", cluster.Nodes.Select(n => n.Pid() is { } pid && MemorySampler.Rss(pid) is { } mb ? Program.Invariant($"node {n.Number} {mb:0} MB") : Program.Invariant($"node {n.Number} down")));
                log(Program.Invariant($"{(now - soakStart) / (double)Stopwatch.Frequency:0} s: {i} operations started, {stats.Acknowledged} referrals acknowledged, {stats.ErrorCount} errors, {Interlocked.Read(ref _inFlight)} in flight; RSS {rss}"));
            }

            var n = i;
            var roll = random.NextDouble();
            running.Add(Track(roll < options.WriteShare
                ? SubmitAsync(n, "soak", stats, allowImmediateRetry: true, ct)
                : ReadAsync(n, (int)((roll - options.WriteShare) / (1 - options.WriteShare) * 4), stats, ct)));
            if (running.Count >= 4096)
            {
                running.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(running);
    }

    private async Task<bool> Track(Task<bool> operation)
    {
        var now = Interlocked.Increment(ref _inFlight);
        long seen;
        while (now > (seen = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            return await operation;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Kill(Node node, double atSeconds)
    {
        if (node.Pid() is not { } pid)
        {
            log("kill: no pid for node 1; nothing killed");
            return;
        }

        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL on Linux: no shutdown, no flush, connections die with the process
        KilledAt = Program.Invariant($"{atSeconds:0.0} s");
        log(Program.Invariant($"kill -9 node {node.Number} (pid {pid}) at {atSeconds:0.0} s into the soak"));
    }

    /// <summary>One referral with its own key; a share is sent again at once, same key and body, to the other node.</summary>
    private async Task<bool> SubmitAsync(long n, string phase, SoakStats stats, bool allowImmediateRetry, CancellationToken ct)
    {
        var index = Interlocked.Increment(ref _referralIndex);
        var body = Referrals.BuildBody(index, options.CprOffset);
        var key = Guid.NewGuid().ToString();
        var node = cluster.Pick(n);
        var (result, answeredBy) = await WithFailover(node, SoakStats.Submit, stats, x => Referrals.SubmitAsync(x.Http, users.Referrer, body, key, ct), ct);
        if (result is not { } answer || answeredBy is null)
        {
            return false;
        }

        if (answer.Status != 201 || Ids(answer.Body) is not { } ids)
        {
            stats.For(SoakStats.Submit).Error(answer.ErrorKey, answer.Body);
            return false;
        }

        var (referralId, caseId) = ids;
        acks.Write(key, referralId, caseId, phase, answeredBy.Number);
        stats.Acknowledge();
        if (answer.Replayed)
        {
            // The first try was committed but its answer died with the node: the resend got the stored answer.
            stats.CommittedButUnanswered();
        }

        _recentCases[Interlocked.Increment(ref _caseCount) % _recentCases.Length] = caseId;

        if (allowImmediateRetry && random01(index) < options.RetryShare)
        {
            var (again, _) = await WithFailover(cluster.Other(answeredBy).IsUp ? cluster.Other(answeredBy) : answeredBy, SoakStats.Retry, stats,
                x => Referrals.SubmitAsync(x.Http, users.Referrer, body, key, ct), ct);
            if (again is { } replay)
            {
                if (replay.Status != 201 || !replay.Replayed || Ids(replay.Body)?.ReferralId != referralId)
                {
                    stats.Violation(Program.Invariant($"key {key}: first referral {referralId}, same key again HTTP {replay.Status} (replayed: {replay.Replayed}): {replay.Body[..Math.Min(200, replay.Body.Length)]}"));
                }
            }
        }

        return true;

        // Spread evenly without a shared Random: fractional parts of i * golden ratio are equidistributed.
        static double random01(long i) => i * 0.6180339887498949 % 1.0;
    }

    private async Task<bool> ReadAsync(long n, int kind, SoakStats stats, CancellationToken ct)
    {
        var (name, tokens, path) = kind switch
        {
            0 => (SoakStats.Queue, users.Guide, QueuePath),
            1 when RecentCase() is { } caseId => (SoakStats.CaseView, users.Coordinator, new Uri($"api/cases/{caseId}", UriKind.Relative)),
            1 or 2 => (SoakStats.Referrals, users.Referrer, ReferralsPath),
            _ => (SoakStats.Triage, users.Coordinator, TriagePath),
        };
        var (result, _) = await WithFailover(cluster.Pick(n), name, stats, x => GetAsync(x.Http, tokens, path, ct), ct);
        if (result is { } answer && answer.Status != 200)
        {
            stats.For(name).Error(answer.ErrorKey, answer.Body);
            return false;
        }

        return result is not null;
    }

    private string? RecentCase()
    {
        var count = Interlocked.Read(ref _caseCount);
        return count <= 0 ? null : Volatile.Read(ref _recentCases[Random.Shared.NextInt64(1, Math.Min(count, _recentCases.Length - 1) + 1) % _recentCases.Length]);
    }

    /// <summary>
    /// Sends once; an answer of any status is returned (with its latency recorded when 2xx). No answer at all: in a
    /// kill run, the node is taken out of rotation and the same request goes to the other node, up to a few times
    /// (a client's retry); otherwise it is an error. Null when nothing answered in the end.
    /// </summary>
    private async Task<(CallResult? Result, Node? AnsweredBy)> WithFailover(Node node, string operation, SoakStats stats, Func<Node, Task<CallResult>> send, CancellationToken ct)
    {
        var result = await send(node);
        if (result.Failure is null)
        {
            if (result.IsSuccess)
            {
                stats.For(operation).Ok(result.ElapsedTicks);
            }

            return (result, node);
        }

        if (options.KillAfterSeconds <= 0)
        {
            stats.For(operation).Error(result.ErrorKey, Program.Invariant($"node {node.Number}: {result.Body}"));
            return (null, null);
        }

        stats.LostAnswer();
        node.MarkDown(log, ct);
        for (var attempt = 0; attempt < 10 && !ct.IsCancellationRequested; attempt++)
        {
            var target = cluster.Nodes.FirstOrDefault(x => x.IsUp);
            if (target is null)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }

            var again = await send(target);
            if (again.Failure is null)
            {
                if (again.IsSuccess)
                {
                    stats.For(SoakStats.Failover).Ok(again.ElapsedTicks);
                    stats.FailedOver();
                }

                return (again, target);
            }

            target.MarkDown(log, ct);
        }

        stats.For(operation).Error("no answer from any node", result.Body);
        return (null, null);
    }

    private static async Task<CallResult> GetAsync(HttpClient http, TokenProvider tokens, Uri path, CancellationToken ct)
    {
        long start = 0;
        try
        {
            var token = await tokens.GetAccessTokenAsync(ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            return new CallResult((int)response.StatusCode, text, Stopwatch.GetTimestamp() - start, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new CallResult(0, "no response in time", start == 0 ? 0 : Stopwatch.GetTimestamp() - start, "timeout");
        }
        catch (HttpRequestException ex)
        {
            return new CallResult(0, ex.Message, start == 0 ? 0 : Stopwatch.GetTimestamp() - start, "transport");
        }
        catch (InvalidOperationException ex)
        {
            return new CallResult(0, ex.Message, 0, "auth");
        }
    }

    private static (string ReferralId, string CaseId)? Ids(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("referralId", out var referral) && referral.GetString() is { } referralId
                && root.TryGetProperty("caseId", out var @case) && @case.GetString() is { } caseId
                ? (referralId, caseId)
                : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
