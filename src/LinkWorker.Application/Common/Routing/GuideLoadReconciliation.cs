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
    /// <remarks>
    /// One statement, so counters and cases are read at the same moment: read one after the other, a case assigned
    /// in between looked like a wrong counter under load, and the repair then set a right counter wrong.
    /// </remarks>
    public async Task<IReadOnlyList<GuideLoadMismatch>> Mismatches(CancellationToken cancellationToken) =>
        await db.Guides.AsNoTracking()
            .Select(g => new
            {
                g.Id,
                g.ActiveCaseCount,
                OpenCases = db.Cases.Count(c => c.AssignedGuideId == g.Id
                    && (c.Status == CaseStatus.Assigned || c.Status == CaseStatus.Contacted || c.Status == CaseStatus.Active)),
            })
            .Where(g => g.ActiveCaseCount != g.OpenCases)
            .OrderBy(g => g.Id)
            .Select(g => new GuideLoadMismatch(g.Id, g.ActiveCaseCount, g.OpenCases))
            .ToListAsync(cancellationToken);

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
