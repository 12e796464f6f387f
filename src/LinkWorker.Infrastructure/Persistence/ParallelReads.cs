using LinkWorker.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>A fresh context per query, built from the request's scope so it carries the same user and filters.</summary>
internal sealed class ParallelReads(IServiceProvider services, bool overlapsRoundTrips) : IParallelReads
{
    public bool OverlapsRoundTrips => overlapsRoundTrips;

    public async Task<T> Read<T>(Func<IAppDbContext, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        // Task.Run: Microsoft.Data.Sqlite's async calls complete synchronously, so without it the queries would
        // still run one after the other on SQLite.
        return await Task.Run(
            async () =>
            {
                await using var db = ActivatorUtilities.CreateInstance<LinkWorkerDbContext>(services);
                db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
                return await query(db, cancellationToken);
            },
            cancellationToken);
    }
}
