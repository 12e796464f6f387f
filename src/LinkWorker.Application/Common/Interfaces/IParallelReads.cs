namespace LinkWorker.Application.Common.Interfaces;

/// <summary>
/// Independent read-only queries side by side, each on a context (and connection) of its own with the caller's
/// municipality filter. For reports whose aggregates do not depend on each other: on two cores the wall time is
/// that of the slowest query rather than the sum. Each query sees the committed data of its own moment.
/// </summary>
public interface IParallelReads
{
    Task<T> Read<T>(Func<IAppDbContext, CancellationToken, Task<T>> query, CancellationToken cancellationToken);

    /// <summary>
    /// Whether small reads gain from going side by side: true where each waits for a round trip to a database
    /// server (PostgreSQL), false where the database runs in the process (SQLite: a small read is CPU only, and a
    /// thread and a context per read cost more than they overlap on two cores). Large reads gain either way.
    /// </summary>
    bool OverlapsRoundTrips => true;
}

/// <summary>
/// Reads on the request's own context, one after the other (each starts when the one before has ended): where
/// side by side gains nothing (<see cref="IParallelReads.OverlapsRoundTrips"/>), the same reads without a context
/// and a thread each.
/// </summary>
internal sealed class OneAfterAnother(IAppDbContext db) : IParallelReads
{
    private Task _last = Task.CompletedTask;

    public bool OverlapsRoundTrips => false;

    public Task<T> Read<T>(Func<IAppDbContext, CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        var before = _last;
        var read = After(before);
        _last = read;
        return read;

        async Task<T> After(Task previous)
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return await query(db, cancellationToken);
        }
    }
}
