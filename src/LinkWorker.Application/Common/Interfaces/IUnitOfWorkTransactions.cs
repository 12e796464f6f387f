namespace LinkWorker.Application.Common.Interfaces;

/// <summary>
/// Where a unit of work's transaction begins (ADR 0035). PostgreSQL: at once; its writers take row locks. SQLite: at
/// the unit's first write, after the process's write gate, so the handler's reads run beside other writers and the
/// file's single write lock is held for the writes and the commit only.
/// </summary>
public interface IUnitOfWorkTransactions
{
    ValueTask<IUnitOfWorkTransaction> BeginAsync(CancellationToken cancellationToken);
}

/// <summary>One unit of work's transaction; disposing it without a commit rolls back whatever it wrote.</summary>
public interface IUnitOfWorkTransaction : IAsyncDisposable
{
    Task CommitAsync(CancellationToken cancellationToken);

    Task RollbackAsync(CancellationToken cancellationToken);
}
