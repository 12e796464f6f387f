using System.Collections.Concurrent;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.ReferenceData;

/// <summary>
/// Reference data that every referral reads and that changes seldom: a municipality's districts, its first-contact
/// deadline, the referring organisations (issue 18: three of a referral's round trips). A save on this node that
/// changes any of them empties the cache at once (the database context calls <see cref="Invalidate"/>); another
/// node's change is seen within <see cref="Lifetime"/>. Rows are loaded untracked and never changed in place.
/// </summary>
public sealed class ReferenceDataCache(TimeProvider clock)
{
    /// <summary>How stale another node's change may be seen here.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry<IReadOnlyList<District>>> _districts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<int>> _firstContactDays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, Guid), Entry<Organisation?>> _organisations = new();
    private readonly ConcurrentDictionary<string, Entry<int>> _unreachableAfter = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Something cached changed: forget it all (cheap; it is read again on the next use).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _districts.Clear();
        _firstContactDays.Clear();
        _organisations.Clear();
        _unreachableAfter.Clear();
    }

    /// <summary>The caller's municipality's districts (the query filter scopes them).</summary>
    public Task<IReadOnlyList<District>> DistrictsOf(IAppDbContext db, string municipalityCode, CancellationToken cancellationToken) =>
        Get(_districts, municipalityCode,
            async () => (IReadOnlyList<District>)await db.Districts.AsNoTracking().Where(d => d.MunicipalityCode == municipalityCode).ToListAsync(cancellationToken),
            districts => districts.Count > 0);

    public Task<int> FirstContactWorkingDaysOf(IAppDbContext db, string municipalityCode, CancellationToken cancellationToken) =>
        Get(_firstContactDays, municipalityCode, async () => await db.Municipalities.AsNoTracking().Where(m => m.Code == municipalityCode)
            .Select(m => (int?)m.FirstContactWorkingDays).SingleOrDefaultAsync(cancellationToken) ?? Case.DefaultFirstContactWorkingDays, _ => true);

    /// <summary>The organisation in the caller's municipality, or null (the query filter scopes it).</summary>
    public Task<Organisation?> OrganisationOf(IAppDbContext db, string municipalityCode, Guid organisationId, CancellationToken cancellationToken) =>
        Get(_organisations, (municipalityCode, organisationId),
            () => db.Organisations.AsNoTracking().Where(o => o.MunicipalityCode == municipalityCode)
                .SingleOrDefaultAsync(o => o.Id == organisationId, cancellationToken),
            organisation => organisation is not null);

    /// <summary>After how many failed contact attempts a queue suggests closing a case as unreachable (3 by default).</summary>
    public Task<int> UnreachableAfterAttemptsOf(IAppDbContext db, string municipalityCode, CancellationToken cancellationToken) =>
        Get(_unreachableAfter, municipalityCode, async () => await db.Municipalities.AsNoTracking().Where(m => m.Code == municipalityCode)
            .Select(m => (int?)m.UnreachableAfterAttempts).SingleOrDefaultAsync(cancellationToken) ?? 3, _ => true);

    // Nothing found is not kept: the query filter scopes the load to the caller's municipality, so an empty answer
    // may be the caller's scope, not the fact.
    private async Task<T> Get<TKey, T>(ConcurrentDictionary<TKey, Entry<T>> cache, TKey key, Func<Task<T>> load, Func<T, bool> keep)
        where TKey : notnull
    {
        var generation = Interlocked.Read(ref _generation);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(key, out var entry) && entry.Generation == generation && now - entry.LoadedAt < Lifetime && now >= entry.LoadedAt)
        {
            return entry.Value;
        }

        var value = await load();
        // Kept only if nothing changed while it loaded.
        if (keep(value) && Interlocked.Read(ref _generation) == generation)
        {
            cache[key] = new Entry<T>(value, now, generation);
        }

        return value;
    }

    private sealed record Entry<T>(T Value, DateTimeOffset LoadedAt, long Generation);
}
