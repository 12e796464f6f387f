namespace LinkWorker.Application.Common.Interfaces;

/// <summary>
/// Independent read-only queries side by side, each on a context (and connection) of its own with the caller's
/// municipality filter. For reports whose aggregates do not depend on each other: on two cores the wall time is
/// that of the slowest query rather than the sum. Each query sees the committed data of its own moment.
/// </summary>
public interface IParallelReads
{
    Task<T> Read<T>(Func<IAppDbContext, CancellationToken, Task<T>> query, CancellationToken cancellationToken);
}
