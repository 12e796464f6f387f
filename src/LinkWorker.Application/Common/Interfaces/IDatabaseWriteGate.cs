namespace LinkWorker.Application.Common.Interfaces;

/// <summary>
/// Serialises this process's units of work where the database has a single writer (SQLite): a writer waits here, in
/// order and without sleeping, instead of in the database's busy handler, whose back-off sleeps were the p99 of
/// intake (issue 18). On PostgreSQL there is no gate.
/// </summary>
public interface IDatabaseWriteGate
{
    /// <summary>Waits for the turn; dispose the answer to pass it on. Null when nothing is serialised.</summary>
    ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken);
}
