using LinkWorker.Application.Common.Interfaces;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>One writer at a time in this process: SQLite has one write lock per file (ADR 0030).</summary>
internal sealed class SqliteWriteGate : IDatabaseWriteGate, IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    public void Dispose() => _turn.Dispose();

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }
}

/// <summary>PostgreSQL takes row locks; writers need no turn.</summary>
internal sealed class NoWriteGate : IDatabaseWriteGate
{
    public ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);
}
