using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

using LinkWorker.LoadDriver;

namespace LinkWorker.Soak;

/// <summary>Latencies and errors of one kind of operation.</summary>
internal sealed class OperationStats(string name)
{
    private const int MaxSamples = 3;

    private readonly List<double> _latenciesMs = [];
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private int _sampleCount;

    public string Name => name;

    public int ErrorCount => _errors.Values.Sum();

    public IReadOnlyDictionary<string, int> Errors => _errors;

    public IEnumerable<string> Samples => _samples;

    public void Ok(long elapsedTicks)
    {
        lock (_latenciesMs)
        {
            _latenciesMs.Add(elapsedTicks * 1000.0 / Stopwatch.Frequency);
        }
    }

    public void Error(string key, string detail)
    {
        _errors.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref _sampleCount) <= MaxSamples)
        {
            _samples.Enqueue(Program.Invariant($"{name} {key}: {(detail.Length <= 300 ? detail : detail[..300])}"));
        }
    }

    public double[] Sorted()
    {
        double[] copy;
        lock (_latenciesMs)
        {
            copy = [.. _latenciesMs];
        }

        Array.Sort(copy);
        return copy;
    }

    // Nearest-rank percentile on sorted data; NaN when nothing was measured.
    public static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>All counters of one phase of the run.</summary>
internal sealed class SoakStats
{
    public const string Submit = "submit referral";
    public const string Retry = "same key again (other node)";
    public const string Failover = "resend after no answer";
    public const string Queue = "guide's queue";
    public const string CaseView = "case view";
    public const string Referrals = "referrer's referrals";
    public const string Triage = "triage";

    private readonly ConcurrentDictionary<string, OperationStats> _operations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private int _violationCount;
    private int _acknowledged;
    private int _lostAnswers;
    private int _failoverOk;
    private int _replayedAfterLoss;

    public int Violations => Volatile.Read(ref _violationCount);

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>Requests to a node that died, which got no answer and were sent again to the other node.</summary>
    public int LostAnswers => Volatile.Read(ref _lostAnswers);

    public int FailoverOk => Volatile.Read(ref _failoverOk);

    /// <summary>Resent submissions answered from the stored key: the dead node had committed them.</summary>
    public int ReplayedAfterLoss => Volatile.Read(ref _replayedAfterLoss);

    public void CommittedButUnanswered() => Interlocked.Increment(ref _replayedAfterLoss);

    public IEnumerable<string> ViolationSamples => _violations.Take(5);

    public int ErrorCount => _operations.Values.Sum(o => o.ErrorCount);

    public OperationStats For(string name) => _operations.GetOrAdd(name, n => new OperationStats(n));

    public IEnumerable<OperationStats> Operations =>
        new[] { Submit, Retry, Failover, Queue, CaseView, Referrals, Triage }.Where(_operations.ContainsKey).Select(n => _operations[n]);

    public void Acknowledge() => Interlocked.Increment(ref _acknowledged);

    public void LostAnswer() => Interlocked.Increment(ref _lostAnswers);

    public void FailedOver() => Interlocked.Increment(ref _failoverOk);

    public void Violation(string text)
    {
        Interlocked.Increment(ref _violationCount);
        _violations.Enqueue(text);
    }
}

/// <summary>Every node's resident set size, from /proc/&lt;pid&gt;/status, every few seconds.</summary>
internal sealed class MemorySampler(Cluster cluster, TimeSpan every, string? csvPath)
{
    private readonly List<MemorySample> _samples = [];

    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    /// <summary>Samples until cancelled.</summary>
    public async Task RunAsync(Func<double> seconds, CancellationToken ct)
    {
        using var csv = csvPath is null ? null : new StreamWriter(csvPath, append: false);
        csv?.WriteLine("seconds,node,pid,rss_mb");
        while (!ct.IsCancellationRequested)
        {
            var at = seconds();
            foreach (var node in cluster.Nodes)
            {
                if (node.Pid() is { } pid && Rss(pid) is { } mb)
                {
                    lock (_samples)
                    {
                        _samples.Add(new MemorySample(at, node.Number, pid, mb));
                    }

                    csv?.WriteLine(Program.Invariant($"{at:0.0},{node.Number},{pid},{mb:0.0}"));
                }
            }

            csv?.Flush();
            try
            {
                await Task.Delay(every, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>VmRSS in MB, or null when the process is gone.</summary>
    public static double? Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return double.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process is gone (killed) or not readable.
        }

        return null;
    }
}

internal readonly record struct MemorySample(double Seconds, int Node, int Pid, double RssMb);

/// <summary>Memory of one process after its warm-up: first and last sample, maximum, and the least-squares slope.</summary>
internal sealed record MemoryTrend(int Node, int Pid, int Count, double StartMb, double EndMb, double MaxMb, double SlopeMbPerMinute, double FromSeconds, double ToSeconds)
{
    /// <summary>Seconds are the driver's; the soak started at <paramref name="soakStart"/>.</summary>
    public static IEnumerable<MemoryTrend> Of(IReadOnlyList<MemorySample> samples, double soakStart, double warmupSeconds)
    {
        foreach (var process in samples.GroupBy(s => (s.Node, s.Pid)))
        {
            // A node restarted during the run has its own warm-up, counted from its first sample.
            var first = process.Min(s => s.Seconds);
            var warm = (first <= soakStart ? soakStart : first) + warmupSeconds;
            var after = process.Where(s => s.Seconds >= warm).OrderBy(s => s.Seconds).ToList();
            if (after.Count < 2)
            {
                continue;
            }

            var meanX = after.Average(s => s.Seconds);
            var meanY = after.Average(s => s.RssMb);
            var sxx = after.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
            var sxy = after.Sum(s => (s.Seconds - meanX) * (s.RssMb - meanY));
            var slope = sxx == 0 ? 0 : sxy / sxx * 60;
            yield return new MemoryTrend(process.Key.Node, process.Key.Pid, after.Count, after[0].RssMb, after[^1].RssMb, after.Max(s => s.RssMb), slope,
                after[0].Seconds, after[^1].Seconds);
        }
    }
}
