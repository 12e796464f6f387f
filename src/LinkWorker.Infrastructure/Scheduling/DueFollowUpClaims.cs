using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Claims due reminders in the caller's transaction. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> through the index
/// on (municipality, status, due time), so two nodes sweeping at once take disjoint batches and neither waits for
/// the other. SQLite has one writer and one node: the plain query is enough, the write lock keeps batches apart.
/// Both return the whole rows, tracked: looking them up again by id cost SQLite a scan of the municipality's
/// follow-ups per batch (the planner took the municipality index for the list of ids; issue 15).
/// </summary>
internal sealed class DueFollowUpClaims(LinkWorkerDbContext db) : IDueFollowUpClaims
{
    public async Task<IReadOnlyList<FollowUp>> Claim(string municipalityCode, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (db.Database.IsNpgsql())
        {
            var planned = nameof(FollowUpStatus.Planned);
            // Not composed further (no filter added), so the locking clause stays where PostgreSQL wants it.
            return await db.FollowUps.FromSql($"""
                SELECT * FROM "FollowUps"
                WHERE "MunicipalityCode" = {municipalityCode} AND "Status" = {planned} AND "DueAt" <= {now.ToUniversalTime()}
                ORDER BY "DueAt"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """).IgnoreQueryFilters().ToListAsync(cancellationToken);
        }

        return await db.FollowUps.IgnoreQueryFilters()
            .Where(f => f.MunicipalityCode == municipalityCode && f.Status == FollowUpStatus.Planned && f.DueAt <= now)
            .OrderBy(f => f.DueAt)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> OldestDue(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = await db.FollowUps.IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Planned && f.DueAt <= now)
            .OrderBy(f => f.DueAt)
            .Select(f => (DateTimeOffset?)f.DueAt)
            .FirstOrDefaultAsync(cancellationToken);
        return oldest;
    }
}
