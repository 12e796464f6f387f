using System.Collections.Concurrent;
using System.Diagnostics;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static System.FormattableString;

namespace LinkWorker.ReminderBench;

/// <summary>
/// The run, phase by phase: nodes up on a fresh database, a scheduling probe to choose the due minute, the
/// follow-up rows, their reminders, the firing, and the measurement once the nodes have stopped.
/// </summary>
internal sealed class ReminderRun(BenchOptions options)
{
    private const int InsertBatch = 5_000;

    // Assumed insert speed for the lead estimate (measured and printed; a 2-core box does several times this).
    private const double AssumedInsertsPerSecond = 4_000;

    private static readonly TimeSpan DueWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private readonly LogTally _logs = new();
    private readonly List<BenchNode> _nodes = [];
    private readonly Stopwatch _total = new();
    private readonly RunFacts _facts = new();
    private string _database = "";
    private string _databaseConnection = "";

    public async Task<int> RunAsync(CancellationToken abort)
    {
        _total.Start();
        _facts.StartedAt = DateTimeOffset.UtcNow;
        _database = "linkworker_reminders_" + _facts.StartedAt.ToString("yyyyMMdd_HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        _databaseConnection = new NpgsqlConnectionStringBuilder(options.Connection) { Database = _database }.ConnectionString;

        // One deadline for everything; when it passes, the run stops where it is and reports.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(abort);
        deadline.CancelAfter(TimeSpan.FromMinutes(options.MaxMinutes));
        var token = deadline.Token;

        Console.WriteLine(Invariant($"Reminder bench: {options.Count} follow-ups due within one minute, {options.Nodes} clustered nodes, scheduling concurrency {options.Concurrency}"));
        Console.WriteLine(Invariant($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; deadline {options.MaxMinutes} min"));

        var phase = "start";
        var completed = false;
        try
        {
            _facts.ServerVersion = await ServerVersion(token);
            Console.WriteLine(Invariant($"Server: PostgreSQL {_facts.ServerVersion}; database {_database}"));

            phase = "starting nodes";
            await StartNodes(token);

            phase = "choosing a case";
            var target = await FindTarget(token);
            _facts.Target = target;

            phase = "scheduling probe";
            var lead = await ChooseLead(target, token);

            phase = "inserting follow-ups";
            var followUps = await InsertFollowUps(target, lead, token);
            _facts.FollowUps = followUps;

            phase = "scheduling reminders";
            await ScheduleReminders(target, followUps, token);

            phase = "waiting for the reminders to fire";
            await WaitForFirings(target, followUps, token);

            phase = "settling";
            await Settle(token);
            completed = true;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            _facts.StoppedEarly = abort.IsCancellationRequested ? $"aborted while {phase}" : $"deadline of {options.MaxMinutes} min reached while {phase}";
            Console.WriteLine($"Stopped: {_facts.StoppedEarly}.");
        }
#pragma warning disable CA1031 // Whatever broke, the nodes must stop and the database go; the error is printed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _facts.StoppedEarly = $"failed while {phase}: {ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine(ex);
        }

        // Stopped nodes fire nothing more: the measurement sees the final state.
        for (var i = _nodes.Count - 1; i >= 0; i--)
        {
            await _nodes[i].StopAsync();
        }

        var exitCode = 1;
        try
        {
            if (_nodes.Count > 0 && _facts.Target is { } measuredTarget && _facts.FollowUps is { } measured)
            {
                var result = await Measurement.Take(_nodes, _databaseConnection, measuredTarget, measured, CancellationToken.None);
                _total.Stop();
                Report.Print(options, _facts, result, _nodes, _logs, _total.Elapsed);
                exitCode = completed && result.IsClean ? 0 : 1;
            }
            else
            {
                Report.PrintLogs(_logs);
            }
        }
        finally
        {
            foreach (var node in _nodes)
            {
                await node.DisposeAsync();
            }

            await DropDatabase();
        }

        return exitCode;
    }

    private async Task<string> ServerVersion(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Connection);
        await connection.OpenAsync(cancellationToken);
        return connection.ServerVersion;
    }

    private async Task StartNodes(CancellationToken cancellationToken)
    {
        // One after the other: the first node's initializer creates, migrates and seeds the database and its
        // scheduler provisions the Quartz tables; the others join the cluster on top.
        var started = Stopwatch.StartNew();
        for (var number = 1; number <= options.Nodes; number++)
        {
            var node = await BenchNode.StartAsync(number, _databaseConnection, seedDemo: number == 1, _logs, cancellationToken);
            _nodes.Add(node);
            Console.WriteLine(Invariant($"  node{number}: scheduler {node.Scheduler.SchedulerName}, instance {node.InstanceId}"));
        }

        if (_nodes.Select(n => n.InstanceId).Distinct(StringComparer.Ordinal).Count() != _nodes.Count)
        {
            throw new InvalidOperationException("Two nodes got the same Quartz instance id; they would not form a cluster of distinct members.");
        }

        Console.WriteLine(Invariant($"Nodes up after {started.Elapsed.TotalSeconds:0.0} s (database created, migrated, demo data seeded)"));
    }

    private async Task<Target> FindTarget(CancellationToken cancellationToken)
    {
        // A routed demo case: a guide holds it, so every firing puts exactly one in-app task in the outbox.
        await using var scope = _nodes[0].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        var found = await db.Cases.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.AssignedGuideId != null)
            .OrderBy(c => c.MunicipalityCode != "0751").ThenBy(c => c.OpenedAt)
            .Select(c => new { c.Id, c.MunicipalityCode, c.AssignedGuideId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The demo data has no case with a guide.");
        var target = new Target(found.Id, found.MunicipalityCode, found.AssignedGuideId!.Value);
        Console.WriteLine(Invariant($"Case {target.CaseId} in municipality {target.MunicipalityCode}, guide {target.GuideId}"));
        return target;
    }

    /// <summary>
    /// Times a probe of real <c>ScheduleFollowUp</c> calls (reminders a day ahead, deleted again) and puts the due
    /// minute far enough ahead that inserting and scheduling everything ends before it, with a margin.
    /// </summary>
    private async Task<TimeSpan> ChooseLead(Target target, CancellationToken cancellationToken)
    {
        var probe = Math.Clamp(options.Count / 50, Math.Min(50, options.Count), 1_000);
        var ids = Enumerable.Range(0, probe).Select(_ => Guid.NewGuid()).ToArray();
        var at = DateTimeOffset.UtcNow.AddDays(1);
        var timer = Stopwatch.StartNew();
        await Parallel.ForAsync(0, probe, Parallelism(cancellationToken), async (i, ct) =>
            await NodeFor(i).Reminders.ScheduleFollowUp(ids[i], target.MunicipalityCode, at, ct));
        var rate = probe / timer.Elapsed.TotalSeconds;
        await Parallel.ForAsync(0, probe, Parallelism(cancellationToken), async (i, ct) => await NodeFor(i).Reminders.Unschedule(ids[i], ct));

        var estimate = (options.Count / rate) + (options.Count / AssumedInsertsPerSecond);
        var lead = options.LeadSeconds is { } fixedLead
            ? TimeSpan.FromSeconds(fixedLead)
            : TimeSpan.FromSeconds(Math.Ceiling((estimate * 1.25) + 30));
        _facts.ProbeRate = rate;
        _facts.LeadChosen = lead;
        Console.WriteLine(Invariant(
            $"Probe: {probe} reminders scheduled at {rate:0} /s; insert + schedule estimated {estimate:0} s; due minute starts in {lead.TotalSeconds:0} s{(options.LeadSeconds is null ? "" : " (--lead-seconds)")}"));
        return lead;
    }

    private async Task<PlannedFollowUps> InsertFollowUps(Target target, TimeSpan lead, CancellationToken cancellationToken)
    {
        // Whole seconds and microseconds: what PostgreSQL stores is then exactly what was planned.
        var now = DateTimeOffset.UtcNow;
        var dueStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + lead + TimeSpan.FromSeconds(1);
        var ids = new Guid[options.Count];
        var dues = new DateTimeOffset[options.Count];
        for (var i = 0; i < options.Count; i++)
        {
            ids[i] = Guid.CreateVersion7();
            // Evenly over the minute, in due order.
            var offset = DueWindow.Ticks * i / options.Count;
            dues[i] = dueStart.AddTicks(offset - (offset % TimeSpan.TicksPerMicrosecond));
        }

        var timer = Stopwatch.StartNew();
        await using (var scope = _nodes[0].Services.CreateAsyncScope())
        {
            // Straight into the table, as many planned follow-ups would be: the bench measures the reminders, not
            // the planning endpoint. Nobody is impersonated, so no municipality filter or stamp gets in the way.
            var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var createdAt = DateTimeOffset.UtcNow;
            for (var start = 0; start < options.Count; start += InsertBatch)
            {
                var end = Math.Min(start + InsertBatch, options.Count);
                db.FollowUps.AddRange(Enumerable.Range(start, end - start).Select(i =>
                    new FollowUp(ids[i], target.MunicipalityCode, target.CaseId, dues[i], FollowUpKind.CheckInCall, null, target.GuideId, createdAt)));
                await db.SaveChangesAsync(cancellationToken);
                // A fresh tracker per batch: the context never holds more than one batch.
                db.ChangeTracker.Clear();
            }
        }

        _facts.InsertDuration = timer.Elapsed;
        Console.WriteLine(Invariant(
            $"Inserted {options.Count} follow-ups in {timer.Elapsed.TotalSeconds:0.0} s ({options.Count / timer.Elapsed.TotalSeconds:0} /s); due {dueStart:HH:mm:ss}–{dueStart + DueWindow:HH:mm:ss} UTC"));
        return new PlannedFollowUps(ids, dues, dueStart);
    }

    private async Task ScheduleReminders(Target target, PlannedFollowUps followUps, CancellationToken cancellationToken)
    {
        var scheduled = 0L;
        var late = 0L;
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var timer = Stopwatch.StartNew();
        using var progress = Progress(() => Invariant(
            $"  scheduling: {Interlocked.Read(ref scheduled)}/{options.Count} ({Interlocked.Read(ref scheduled) / timer.Elapsed.TotalSeconds:0} /s), due minute in {(followUps.DueStart - DateTimeOffset.UtcNow).TotalSeconds:0} s"));

        // As the API would: each call its own Quartz transaction, spread over the nodes, in due order.
        await Parallel.ForAsync(0, options.Count, Parallelism(cancellationToken), async (i, ct) =>
        {
            try
            {
                await NodeFor(i).Reminders.ScheduleFollowUp(followUps.Ids[i], target.MunicipalityCode, followUps.Dues[i], ct);
            }
#pragma warning disable CA1031 // A failed call is a reminder that will be missing: counted and reported, not fatal.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                failures.AddOrUpdate(ex.GetType().Name, 1, (_, n) => n + 1);
                return;
            }

            Interlocked.Increment(ref scheduled);
            // Stored after its due time, it fires "now" (or via the misfire scan) rather than on time.
            if (DateTimeOffset.UtcNow > followUps.Dues[i])
            {
                Interlocked.Increment(ref late);
            }
        });

        _facts.ScheduleDuration = timer.Elapsed;
        _facts.Scheduled = scheduled;
        _facts.ScheduledLate = late;
        _facts.ScheduleFailures = failures;
        _facts.Slack = followUps.DueStart - DateTimeOffset.UtcNow;
        Console.WriteLine(Invariant(
            $"Scheduled {scheduled} reminders in {timer.Elapsed.TotalSeconds:0.0} s ({scheduled / timer.Elapsed.TotalSeconds:0} /s), {late} after their due time, {failures.Values.Sum()} failed; due minute starts in {_facts.Slack.TotalSeconds:0.0} s"));
    }

    private async Task WaitForFirings(Target target, PlannedFollowUps followUps, CancellationToken cancellationToken)
    {
        var fired = 0;
        using var progress = Progress(() =>
        {
            var toDue = followUps.DueStart - DateTimeOffset.UtcNow;
            var nodes = string.Join(", ", _nodes.Select(n => Invariant($"node{n.Number} {n.Firings.Succeeded}")));
            return toDue > TimeSpan.Zero
                ? Invariant($"  waiting: due minute starts in {toDue.TotalSeconds:0} s")
                : Invariant($"  firing: {Volatile.Read(ref fired)}/{options.Count} fired, {(DateTimeOffset.UtcNow - followUps.DueStart).TotalSeconds:0} s after the first due time ({nodes})");
        });

        await using var scope = _nodes[0].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        LoadSampler? sampler = null;
        try
        {
            while (true)
            {
                // Observed from the first due time on, so the idle wait before it does not dilute the picture.
                if (sampler is null && DateTimeOffset.UtcNow >= followUps.DueStart)
                {
                    sampler = LoadSampler.Start(_databaseConnection);
                }

                Volatile.Write(ref fired, await db.FollowUps.IgnoreQueryFilters().CountAsync(f => f.CaseId == target.CaseId && f.FiredAt != null, cancellationToken));
                if (fired >= options.Count)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
        finally
        {
            if (sampler is not null)
            {
                await sampler.DisposeAsync();
                _facts.Load = sampler;
            }
        }

        _facts.AllFiredAfter = DateTimeOffset.UtcNow - followUps.DueStart;
        Console.WriteLine(Invariant($"All {options.Count} fired; the last {_facts.AllFiredAfter.TotalSeconds:0.0} s after the first due time"));
    }

    private async Task Settle(CancellationToken cancellationToken)
    {
        // A second firing would come late (a retry, a recovery): give it time, and let running jobs finish.
        Console.WriteLine(Invariant($"Settling {options.SettleSeconds} s for late doubles"));
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds), cancellationToken);
        var until = DateTimeOffset.UtcNow.AddSeconds(60);
        while (_nodes.Any(n => n.Firings.Running > 0) && DateTimeOffset.UtcNow < until)
        {
            await Task.Delay(200, cancellationToken);
        }
    }

    private async Task DropDatabase()
    {
        if (options.KeepDatabase || _database.Length == 0)
        {
            Console.WriteLine($"Database {_database} kept.");
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            var maintenance = new NpgsqlConnectionStringBuilder(options.Connection) { Database = "postgres", Pooling = false };
            await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            Console.WriteLine($"Database {_database} dropped (--keep-database keeps it).");
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"Could not drop database {_database}: {ex.Message}");
        }
    }

    private BenchNode NodeFor(int index) => _nodes[index % _nodes.Count];

    private ParallelOptions Parallelism(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };

    /// <summary>Prints a line every few seconds until disposed.</summary>
    private static Timer Progress(Func<string> line) => new(_ => Console.WriteLine(line()), null, ProgressEvery, ProgressEvery);
}

internal sealed record Target(Guid CaseId, string MunicipalityCode, Guid GuideId);

internal sealed record PlannedFollowUps(Guid[] Ids, DateTimeOffset[] Dues, DateTimeOffset DueStart);

/// <summary>What the run observed on the way, for the report.</summary>
internal sealed class RunFacts
{
    public DateTimeOffset StartedAt { get; set; }

    public string ServerVersion { get; set; } = "?";

    public Target? Target { get; set; }

    public PlannedFollowUps? FollowUps { get; set; }

    public double ProbeRate { get; set; }

    public TimeSpan LeadChosen { get; set; }

    public TimeSpan InsertDuration { get; set; }

    public TimeSpan ScheduleDuration { get; set; }

    public long Scheduled { get; set; }

    public long ScheduledLate { get; set; }

    public IReadOnlyDictionary<string, int> ScheduleFailures { get; set; } = new Dictionary<string, int>();

    /// <summary>Time left between the end of scheduling and the first due time (negative: scheduling ran into it).</summary>
    public TimeSpan Slack { get; set; }

    public TimeSpan AllFiredAfter { get; set; }

    public string? StoppedEarly { get; set; }

    /// <summary>CPU and database wait states from the first due time until all fired (or the run stopped).</summary>
    public LoadSampler? Load { get; set; }
}
