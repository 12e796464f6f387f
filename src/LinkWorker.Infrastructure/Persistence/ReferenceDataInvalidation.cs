using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>A save that changes cached reference data empties this node's cache (issue 18).</summary>
internal sealed class ReferenceDataInvalidation(ReferenceDataCache cache) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    private void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        // One pass over what is tracked (changes are detected once here; the save finds none left to detect).
        if (context.ChangeTracker.Entries().Any(e => e.Entity is District or Municipality or Organisation
            && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            cache.Invalidate();
        }
    }
}
