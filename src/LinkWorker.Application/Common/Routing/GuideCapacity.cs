using LinkWorker.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Routing;

/// <summary>
/// A guide's count of open cases, changed only by conditional updates in the database: "take a place if one is
/// free" is one statement, so parallel referrals can never push a guide past capacity (PostgreSQL re-checks the
/// condition on the locked row; SQLite has one writer at a time). Only <see cref="GuideLoadFollowsCases"/> calls it.
/// </summary>
internal sealed class GuideCapacity(IAppDbContext db)
{
    public async Task<bool> TryTake(Guid guideId, CancellationToken cancellationToken) =>
        await db.Guides
            .Where(g => g.Id == guideId && g.IsActive && g.ActiveCaseCount < g.Capacity)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.ActiveCaseCount, g => g.ActiveCaseCount + 1), cancellationToken) == 1;

    /// <summary>Frees a place; false when the counter is already zero (then it disagrees with the open cases).</summary>
    public async Task<bool> TryRelease(Guid guideId, CancellationToken cancellationToken) =>
        await db.Guides
            .Where(g => g.Id == guideId && g.ActiveCaseCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.ActiveCaseCount, g => g.ActiveCaseCount - 1), cancellationToken) == 1;
}
