using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LinkWorker.ReminderBench;

/// <summary>
/// The final state, read from the database after the nodes stopped: the follow-ups (fired or not, and when),
/// the audit trail (one "FireFollowUp" row per execution of the command, also a second one that changed
/// nothing), the outbox, and what is left in Quartz's tables.
/// </summary>
internal sealed record Measurement(
    int Planned,
    int Fired,
    double[] LagSeconds,
    DateTimeOffset? FirstFiredAt,
    DateTimeOffset? LastFiredAt,
    int AuditFirings,
    int AuditNoOpFirings,
    IReadOnlyDictionary<string, int> AuditOutcomes,
    int FollowUpsAuditedTwice,
    IReadOnlyDictionary<int, int> AuditFiringsPerNode,
    int NotifiedOnce,
    int FiredWithoutNotification,
    int NotifiedMoreThanOnce,
    IReadOnlyDictionary<string, long> QuartzTriggersByGroup,
    long QuartzFiredTriggersLeft,
    int UnfiredStillScheduled)
{
    public const string FireAction = "FireFollowUp";

    /// <summary>Not fired. In a run cut short by its deadline, some of these may still be scheduled (see below).</summary>
    public int Unfired => Planned - Fired;

    /// <summary>Not fired and no reminder left in Quartz: nothing would ever fire them.</summary>
    public int Lost => Unfired - UnfiredStillScheduled;

    /// <summary>Executions of the command beyond the one that fired each follow-up.</summary>
    public int FiredTwice => AuditFirings - Fired;

    public bool IsClean => Unfired == 0 && FiredTwice == 0 && FollowUpsAuditedTwice == 0 && FiredWithoutNotification == 0 && NotifiedMoreThanOnce == 0;

    public static async Task<Measurement> Take(
        IReadOnlyList<BenchNode> nodes, string databaseConnection, Target target, PlannedFollowUps planned, CancellationToken cancellationToken)
    {
        await using var scope = nodes[0].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        var ids = planned.Ids.ToHashSet();

        var rows = await db.FollowUps.IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.CaseId == target.CaseId)
            .Select(f => new { f.Id, f.DueAt, f.FiredAt })
            .ToListAsync(cancellationToken);
        var fired = rows.Where(r => ids.Contains(r.Id) && r.FiredAt is not null).ToList();
        var lags = fired.Select(r => (r.FiredAt!.Value - r.DueAt).TotalSeconds).Order().ToArray();

        // The database is fresh: every FireFollowUp row is one of ours. A firing that found its follow-up fired
        // already records the subject without an id; the one that fired it names the follow-up.
        var audits = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.Action == FireAction)
            .Select(a => new { a.EntityType, a.EntityId, a.CorrelationId, a.Outcome })
            .ToListAsync(cancellationToken);
        var auditedTwice = audits.Where(a => a is { EntityType: "FollowUp", EntityId: not null })
            .GroupBy(a => a.EntityId).Count(g => g.Count() > 1);
        var outcomes = audits.GroupBy(a => a.Outcome).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        // The jobs' correlation id is "job-" + Quartz's fire instance id, which begins with the node's instance id:
        // an account per node from the database, beside the job listeners' own counts.
        var prefixes = nodes.Select(n => (n.Number, Prefix: "job-" + n.InstanceId)).OrderByDescending(p => p.Prefix.Length).ToList();
        var perNode = audits
            .GroupBy(a => prefixes.FirstOrDefault(p => a.CorrelationId?.StartsWith(p.Prefix, StringComparison.Ordinal) == true).Number)
            .ToDictionary(g => g.Key, g => g.Count());

        var notifications = await db.Notifications.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.CaseId == target.CaseId && n.FollowUpId != null)
            .GroupBy(n => n.FollowUpId!.Value)
            .Select(g => new { FollowUpId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.FollowUpId, g => g.Count, cancellationToken);
        var notifiedOnce = fired.Count(f => notifications.GetValueOrDefault(f.Id) == 1);
        var withoutNotification = fired.Count(f => notifications.GetValueOrDefault(f.Id) == 0);
        var notifiedMore = notifications.Count(n => n.Value > 1);

        var (triggers, firedTriggers, reminderKeys) = await QuartzLeftovers(databaseConnection, cancellationToken);
        var firedIds = fired.Select(f => f.Id).ToHashSet();
        var stillScheduled = planned.Ids.Count(id => !firedIds.Contains(id) && reminderKeys.Contains(id.ToString("N")));

        return new Measurement(
            planned.Ids.Length, fired.Count, lags,
            fired.Count > 0 ? fired.Min(f => f.FiredAt) : null,
            fired.Count > 0 ? fired.Max(f => f.FiredAt) : null,
            audits.Count, audits.Count(a => a.EntityId is null), outcomes, auditedTwice, perNode,
            notifiedOnce, withoutNotification, notifiedMore, triggers, firedTriggers, stillScheduled);
    }

    /// <summary>Triggers per group still stored, firings still marked in progress (should be none), and the reminders' keys.</summary>
    private static async Task<(IReadOnlyDictionary<string, long> Triggers, long FiredTriggers, HashSet<string> ReminderKeys)> QuartzLeftovers(
        string databaseConnection, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(databaseConnection);
        await connection.OpenAsync(cancellationToken);

        // Quartz provisions its own tables; look their spelling up rather than assume it.
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var lookup = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) IN ('qrtz_triggers', 'qrtz_fired_triggers')",
            connection))
        await using (var reader = await lookup.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                names[name] = name;
            }
        }

        var triggers = new Dictionary<string, long>(StringComparer.Ordinal);
        if (names.TryGetValue("qrtz_triggers", out var triggerTable))
        {
            await using var count = new NpgsqlCommand($"SELECT trigger_group, count(*) FROM \"{triggerTable}\" GROUP BY trigger_group ORDER BY 1", connection);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                triggers[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var reminderKeys = new HashSet<string>(StringComparer.Ordinal);
        if (triggerTable is not null)
        {
            await using var keys = new NpgsqlCommand($"SELECT trigger_name FROM \"{triggerTable}\" WHERE trigger_group = @group", connection);
            keys.Parameters.AddWithValue("group", QuartzReminderScheduler.ReminderGroup);
            await using var reader = await keys.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                reminderKeys.Add(reader.GetString(0));
            }
        }

        var firedTriggers = -1L;
        if (names.TryGetValue("qrtz_fired_triggers", out var firedTable))
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{firedTable}\"", connection);
            firedTriggers = (long)(await count.ExecuteScalarAsync(cancellationToken) ?? 0L);
        }

        return (triggers, firedTriggers, reminderKeys);
    }
}
