using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Api.Tests.Support;

/// <summary>
/// Counts what the application sends to the database while <see cref="Recording"/> is on: commands, savepoints,
/// transactions, commits and connection opens. A test of round trips per request reads it (issue 18).
/// </summary>
public sealed class RoundTripCounter : IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly ConcurrentQueue<string> _outsideTransactions = new();
    private int _savepoints;
    private int _transactions;
    private int _commits;
    private int _opens;
    private int _writesOutsideTransactions;
    private int _readsInsideTransactions;

    public bool Recording { get; set; }

    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>The commands sent outside any transaction: the token's account check, reads on contexts of their own (IParallelReads).</summary>
    public IReadOnlyList<string> CommandsOutsideTransactions => [.. _outsideTransactions];

    public int Savepoints => _savepoints;

    public int Transactions => _transactions;

    public int Commits => _commits;

    public int ConnectionOpens => _opens;

    /// <summary>Statements that change data in autocommit (on SQLite each takes the write lock by itself).</summary>
    public int WritesOutsideTransactions => _writesOutsideTransactions;

    /// <summary>Reads made inside a transaction (on SQLite, while holding the write lock).</summary>
    public int ReadsInsideTransactions => _readsInsideTransactions;

    public void Reset()
    {
        _commands.Clear();
        _outsideTransactions.Clear();
        _savepoints = _transactions = _commits = _opens = _writesOutsideTransactions = _readsInsideTransactions = 0;
    }

    public string Describe() =>
        $"{_commands.Count} commands, {_savepoints} savepoints, {_transactions} transactions, {_commits} commits, {_opens} opens:\n"
        + string.Join("\n---\n", _commands);

    private void Command(DbCommand command)
    {
        if (!Recording)
        {
            return;
        }

        _commands.Enqueue(command.CommandText);
        if (command.Transaction is null)
        {
            _outsideTransactions.Enqueue(command.CommandText);
        }

        var text = command.CommandText.TrimStart();
        var read = text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
        if (command.Transaction is null && !read)
        {
            Interlocked.Increment(ref _writesOutsideTransactions);
        }
        else if (command.Transaction is not null && read)
        {
            Interlocked.Increment(ref _readsInsideTransactions);
        }
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Command(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Command(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Command(command);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Command(command);
        return ValueTask.FromResult(result);
    }

    public ValueTask<InterceptionResult> CreatingSavepointAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Count(ref _savepoints);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Count(ref _savepoints);
        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Count(ref _transactions);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Count(ref _transactions);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(
        DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Count(ref _commits);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Count(ref _commits);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Count(ref _opens);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Count(ref _opens);
        return result;
    }

    private void Count(ref int counter)
    {
        if (Recording)
        {
            Interlocked.Increment(ref counter);
        }
    }
}
