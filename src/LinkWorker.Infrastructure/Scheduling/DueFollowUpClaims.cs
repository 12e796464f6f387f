using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Claims due reminders in the caller's transaction. PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c> through the index
/// on (municipality, status, due time), so two nodes sweeping at once take disjoint batches and neither waits for
/// the other. SQLite has one writer and one node: the plain query is enough once the unit's transaction holds the
/// write lock (begun here, ADR 0035), which keeps batches apart.
/// Both return the whole rows, tracked. On SQLite they come with the claim itself: looking them up again by id
/// cost a walk over the municipality's follow-ups per batch (without statistics SQLite's planner takes the
/// municipality index for a list of ids; issue 15).
/// </summary>
internal sealed class DueFollowUpClaims(LinkWorkerDbContext db) : IDueFollowUpClaims
{
    public async Task<IReadOnlyList<FollowUp>> Claim(string municipalityCode, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (db.Database.IsNpgsql())
        {
            var planned = nameof(FollowUpStatus.Planned);
            var ids = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "FollowUps"
                WHERE "MunicipalityCode" = {municipalityCode} AND "Status" = {planned} AND "DueAt" <= {now.ToUniversalTime()}
                ORDER BY "DueAt"
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED
                """).ToListAsync(cancellationToken);

            // PostgreSQL keeps statistics and reads these by primary key.
            return ids.Count == 0 ? [] : await db.FollowUps.IgnoreQueryFilters().Where(f => ids.Contains(f.Id)).ToListAsync(cancellationToken);
        }

        await db.LockForWriting(cancellationToken);
        return await db.FollowUps.IgnoreQueryFilters()
            .Where(f => f.MunicipalityCode == municipalityCode && f.Status == FollowUpStatus.Planned && f.DueAt <= now)
            .OrderBy(f => f.DueAt)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
    }

    public async Task<FollowUp?> Lock(Guid followUpId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Waits (no SKIP LOCKED): the caller must see what the holder did; the next statement reads the row anew.
            var locked = await db.Database.SqlQuery<Guid>($"""
                SELECT "Id" AS "Value" FROM "FollowUps" WHERE "Id" = {followUpId} FOR UPDATE
                """).ToListAsync(cancellationToken);
            if (locked.Count == 0)
            {
                return null;
            }
        }
        else
        {
            await db.LockForWriting(cancellationToken);
        }

        return await db.FollowUps.SingleOrDefaultAsync(f => f.Id == followUpId, cancellationToken);
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
