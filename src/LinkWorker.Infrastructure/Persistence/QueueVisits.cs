using LinkWorker.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>The queue visit's UPDATE … RETURNING on the request's context (and so its transaction).</summary>
internal sealed class QueueVisits(LinkWorkerDbContext db) : IQueueVisits
{
    public async Task<(bool Found, DateTimeOffset? LastVisitAt)> Visit(Guid userId, string municipalityCode, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The municipality as the query filter would add it. After the SET, "PreviousVisitAt" holds the old
        // "LastVisitAt". SQLite stores instants as UTC ticks (UtcTicksConverter), which raw SQL bypasses.
        if (db.OnSqlite)
        {
            var ticks = await db.Database.SqlQuery<long?>(
                $"""
                UPDATE "QueueVisits" SET "PreviousVisitAt" = "LastVisitAt", "LastVisitAt" = {at.UtcTicks}
                WHERE "UserId" = {userId} AND "MunicipalityCode" = {municipalityCode}
                RETURNING "PreviousVisitAt" AS "Value"
                """).ToListAsync(cancellationToken);
            return ticks.Count == 0 ? (false, null) : (true, ticks[0] is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null);
        }

        var times = await db.Database.SqlQuery<DateTimeOffset?>(
            $"""
            UPDATE "QueueVisits" SET "PreviousVisitAt" = "LastVisitAt", "LastVisitAt" = {at}
            WHERE "UserId" = {userId} AND "MunicipalityCode" = {municipalityCode}
            RETURNING "PreviousVisitAt" AS "Value"
            """).ToListAsync(cancellationToken);
        return times.Count == 0 ? (false, null) : (true, times[0]);
    }
}
