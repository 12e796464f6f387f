using System.Data.Common;
using LinkWorker.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>Begins a unit of work's transaction: at once on PostgreSQL, at its first write on SQLite (ADR 0035).</summary>
internal sealed class UnitOfWorkTransactions(LinkWorkerDbContext db, IDatabaseWriteGate writeGate) : IUnitOfWorkTransactions
{
    public async ValueTask<IUnitOfWorkTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (!db.OnSqlite)
        {
            return new ImmediateTransaction(await db.Database.BeginTransactionAsync(cancellationToken));
        }

        // One connection for the whole unit: its reads in autocommit, then its transaction.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var unit = new SqliteUnitOfWorkTransaction(db, writeGate);
        db.SqliteUnit = unit;
        return unit;
    }

    private sealed class ImmediateTransaction(IDbContextTransaction transaction) : IUnitOfWorkTransaction
    {
        public Task CommitAsync(CancellationToken cancellationToken) => transaction.CommitAsync(cancellationToken);

        public Task RollbackAsync(CancellationToken cancellationToken) => transaction.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => transaction.DisposeAsync();
    }
}

/// <summary>
/// SQLite's unit of work. Its reads run in autocommit beside the other writers; its first write (a save, or a
/// statement such as ExecuteUpdate, see <see cref="SqliteFirstWriteInterceptor"/>) waits for the process's write
/// gate and begins the transaction (BEGIN IMMEDIATE), which it holds until the commit. What it read before may have
/// changed by then, as under PostgreSQL's read committed: the guarded updates, concurrency tokens and unique indexes
/// that keep PostgreSQL's units correct keep these too.
/// </summary>
internal sealed class SqliteUnitOfWorkTransaction(LinkWorkerDbContext db, IDatabaseWriteGate writeGate) : IUnitOfWorkTransaction
{
    private IDisposable? _turn;
    private IDbContextTransaction? _transaction;

    public bool Begun => _transaction is not null;

    public async ValueTask<DbTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        if (_transaction is null)
        {
            _turn = await writeGate.EnterAsync(cancellationToken);
            try
            {
                _transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            catch
            {
                PassTheTurn();
                throw;
            }
        }

        return _transaction.GetDbTransaction();
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
        }

        PassTheTurn();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_transaction is not null)
            {
                await _transaction.RollbackAsync(cancellationToken);
            }
        }
        finally
        {
            PassTheTurn();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync();
            }
        }
        finally
        {
            _transaction = null;
            PassTheTurn();
            if (ReferenceEquals(db.SqliteUnit, this))
            {
                db.SqliteUnit = null;
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private void PassTheTurn()
    {
        _turn?.Dispose();
        _turn = null;
    }
}
