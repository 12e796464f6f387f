using System.Globalization;

namespace LinkWorker.ReportBench;

/// <summary>
/// One timed send of a report: the whole call, its queries, what it allocated, and the CPU time this process
/// spent meanwhile (all threads, the GC's too; on SQLite that includes the database engine). On a busy machine
/// the wall time stretches, the CPU time much less.
/// </summary>
internal sealed record RunTiming(TimeSpan Total, TimeSpan Cpu, IReadOnlyList<CommandTiming> Queries, long AllocatedBytes)
{
    public TimeSpan InQueries => TimeSpan.FromTicks(Queries.Sum(q => q.Total.Ticks));

    /// <summary>The handler's work in memory plus the pipeline: everything outside the queries' readers.</summary>
    public TimeSpan OutsideQueries => Total - InQueries;
}

/// <summary>The timed runs of one report.</summary>
internal sealed record ReportTimings(string Name, IReadOnlyList<RunTiming> Runs)
{
    private IReadOnlyList<RunTiming> Sorted => [.. Runs.OrderBy(r => r.Total)];

    /// <summary>The median by nearest rank: the run with at least half of the runs at or below it.</summary>
    public RunTiming Median => Sorted[Math.Max(0, (int)Math.Ceiling(0.5 * Runs.Count) - 1)];

    public TimeSpan P50 => Median.Total;

    public TimeSpan Max => Sorted[^1].Total;

    public TimeSpan Min => Sorted[0].Total;

    public TimeSpan CpuP50 => Runs.Select(r => r.Cpu).Order().ElementAt(Math.Max(0, (int)Math.Ceiling(0.5 * Runs.Count) - 1));
}

internal static class Format
{
    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0", CultureInfo.InvariantCulture);
}
