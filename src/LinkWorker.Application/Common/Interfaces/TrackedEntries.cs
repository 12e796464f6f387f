using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LinkWorker.Application.Common.Interfaces;

public static class TrackedEntries
{
    /// <summary>
    /// The tracked entities of a type as they stand, without a pass of change detection. A pass can only find changed
    /// property values here: every domain entity is tracked by an Add or a query, and none is reachable through a mapped
    /// navigation (DomainModelTests). Callers that look at which entities are tracked, or added, need no pass; the save
    /// makes its own. A full pass compares every property of every tracked entity, and intake asked for five.
    /// </summary>
    public static List<EntityEntry<T>> WithoutDetectingChanges<T>(this ChangeTracker tracker)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<T>().ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
