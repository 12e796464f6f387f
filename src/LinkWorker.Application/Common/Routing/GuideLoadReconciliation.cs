using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Routing;

/// <summary>A guide whose counter of open cases disagrees with the open cases they hold.</summary>
public sealed record GuideLoadMismatch(Guid GuideId, int Counter, int OpenCases);

/// <summary>
/// Compares each guide's counter (kept by <see cref="GuideLoadFollowsCases"/>) with the open cases assigned to them,
/// in the caller's municipality, and sets a wrong counter to the count of cases. Should find nothing; anything it
/// finds is a bug or a hand edit in the database.
/// </summary>
public sealed class GuideLoadReconciliation(IAppDbContext db)
{
    public async Task<IReadOnlyList<GuideLoadMismatch>> Mismatches(CancellationToken cancellationToken)
    {
        var held = await db.Cases.AsNoTracking()
            .Where(c => c.AssignedGuideId != null && (c.Status == CaseStatus.Assigned || c.Status == CaseStatus.Contacted || c.Status == CaseStatus.Active))
            .GroupBy(c => c.AssignedGuideId!.Value)
            .Select(g => new { GuideId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.GuideId, g => g.Count, cancellationToken);
        var counters = await db.Guides.AsNoTracking().Select(g => new { g.Id, g.ActiveCaseCount }).ToListAsync(cancellationToken);
        return counters
            .Select(g => new GuideLoadMismatch(g.Id, g.ActiveCaseCount, held.GetValueOrDefault(g.Id)))
            .Where(m => m.Counter != m.OpenCases)
            .OrderBy(m => m.GuideId)
            .ToList();
    }

    /// <summary>Sets each mismatching counter to its guide's open cases; returns what it found.</summary>
    public async Task<IReadOnlyList<GuideLoadMismatch>> Repair(CancellationToken cancellationToken)
    {
        var mismatches = await Mismatches(cancellationToken);
        foreach (var mismatch in mismatches)
        {
            // Conditional on the value read, so a request that changed the counter meanwhile is not overwritten.
            await db.Guides
                .Where(g => g.Id == mismatch.GuideId && g.ActiveCaseCount == mismatch.Counter)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.ActiveCaseCount, mismatch.OpenCases), cancellationToken);
        }

        return mismatches;
    }
}
