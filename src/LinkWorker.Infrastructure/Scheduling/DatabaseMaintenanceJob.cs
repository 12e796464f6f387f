using Hangfire;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Every quarter of an hour: expired idempotency keys are deleted in small batches (a referral no longer deletes
/// them itself, issue 18), and on SQLite the query planner's statistics are kept current (<c>PRAGMA optimize</c>),
/// so that hot queries keep their indexes as tables grow. It touches no citizen data and is not audited.
/// </summary>
public sealed partial class DatabaseMaintenanceJob(
    IServiceScopeFactory scopes, IDatabaseWriteGate writeGate, TimeProvider clock, ILogger<DatabaseMaintenanceJob> logger)
{
    public const string Id = "database-maintenance";

    // Minutes apart from the other periodic jobs: together at the top of the hour they took both cores from intake
    // on SQLite for about a second (ADR 42).
    public const string Cron = "5-59/15 * * * *";

    /// <summary>Rows deleted per transaction: short write locks, also with a backlog.</summary>
    public const int BatchSize = 1_000;

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task Run(CancellationToken cancellationToken)
    {
        var deleted = await DeleteExpiredIdempotencyKeys(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        if (db.Database.IsSqlite())
        {
            await SqliteStatistics.RefreshStale(db, writeGate, cancellationToken);
        }

        LogDone(logger, deleted);
    }

    /// <summary>Deletes the expired keys, batch after batch; answers how many.</summary>
    public async Task<int> DeleteExpiredIdempotencyKeys(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
            var now = clock.GetUtcNow();
            int deleted;
            using (await writeGate.EnterAsync(cancellationToken))
            {
                var batch = db.IdempotencyRecords.Where(r => r.ExpiresAt < now).OrderBy(r => r.ExpiresAt).Take(BatchSize).Select(r => r.Id);
                deleted = await db.IdempotencyRecords.Where(r => batch.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            total += deleted;
            if (deleted < BatchSize)
            {
                return total;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database maintenance: {Deleted} expired idempotency keys deleted")]
    private static partial void LogDone(ILogger logger, int deleted);
}
