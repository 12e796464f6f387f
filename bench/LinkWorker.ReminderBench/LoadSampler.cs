using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

namespace LinkWorker.ReminderBench;

/// <summary>
/// Where the firing phase spends its time: twice a second, what each active session of the bench database waits
/// for (a lock, the WAL flush, the client…, or nothing: on CPU), and the machine's CPU use from /proc/stat.
/// Tells a CPU-bound run from one that queues on Quartz's cluster lock or on commits.
/// </summary>
internal sealed class LoadSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, long> _waits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly (long Busy, long Total)? _cpuAtStart;
    private readonly TimeSpan _processCpuAtStart = Environment.CpuUsage.TotalTime;
    private readonly long _startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
    private long _samples;

    private LoadSampler(string databaseConnection)
    {
        _cpuAtStart = ReadCpu();
        _loop = Loop(new NpgsqlConnectionStringBuilder(databaseConnection) { ApplicationName = "reminder-bench-sampler", Pooling = false }.ConnectionString);
    }

    public long Samples => Interlocked.Read(ref _samples);

    /// <summary>Share of the machine's CPU time spent busy since the start (null where /proc/stat is missing).</summary>
    public double? CpuBusy { get; private set; }

    /// <summary>Share of the machine's CPU time this process (the nodes and the bench) used since the start.</summary>
    public double? ProcessCpu { get; private set; }

    /// <summary>Average number of active sessions per sample in each wait state, highest first.</summary>
    public IReadOnlyList<(string State, double Sessions)> Waits =>
        [.. _waits.OrderByDescending(w => w.Value).Select(w => (w.Key, Samples == 0 ? 0 : (double)w.Value / Samples))];

    public static LoadSampler Start(string databaseConnection) => new(databaseConnection);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        if (_cpuAtStart is { } start && ReadCpu() is { } end && end.Total > start.Total)
        {
            CpuBusy = (double)(end.Busy - start.Busy) / (end.Total - start.Total);
        }

        var wall = System.Diagnostics.Stopwatch.GetElapsedTime(_startedAt);
        if (wall > TimeSpan.Zero)
        {
            ProcessCpu = (Environment.CpuUsage.TotalTime - _processCpuAtStart) / (wall * Environment.ProcessorCount);
        }

        _stop.Dispose();
    }

    private async Task Loop(string connectionString)
    {
        await Task.Yield();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(_stop.Token);
            await using var command = new NpgsqlCommand(
                "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity " +
                "WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()",
                connection);
            while (!_stop.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(_stop.Token))
                {
                    while (await reader.ReadAsync(_stop.Token))
                    {
                        _waits.AddOrUpdate(reader.GetString(0), 1, (_, n) => n + 1);
                    }
                }

                Interlocked.Increment(ref _samples);
                await Task.Delay(Interval, _stop.Token);
            }
        }
        catch (NpgsqlException ex)
        {
            // Only an observation: the run goes on without it.
            Console.Error.WriteLine($"Load sampling stopped: {ex.Message}");
        }
    }

    // The first line of /proc/stat: cpu user nice system idle iowait irq softirq steal ...
    private static (long Busy, long Total)? ReadCpu()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        var fields = File.ReadLines(path).First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + fields[4];
        var total = fields.Sum();
        return (total - idle, total);
    }
}
