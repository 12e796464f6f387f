using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// SQLite: a statement that writes outside a save (ExecuteUpdate, ExecuteDelete, raw SQL) begins its unit of work's
/// transaction first, so it is part of the unit and takes the write lock through the gate (ADR 0035).
/// </summary>
internal sealed class SqliteFirstWriteInterceptor : DbCommandInterceptor
{
    public static readonly SqliteFirstWriteInterceptor Instance = new();

    private SqliteFirstWriteInterceptor()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Join(command, eventData, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await Join(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Join(command, eventData, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Join(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Join(command, eventData, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await Join(command, eventData, cancellationToken);
        return result;
    }

    private static async ValueTask Join(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (command.Transaction is null
            && eventData.Context is LinkWorkerDbContext { SqliteUnit: { Begun: false } unit }
            && !IsRead(command.CommandText))
        {
            command.Transaction = await unit.BeginAsync(cancellationToken);
        }
    }

    // Anything else is taken for a write: beginning the transaction early costs time, never correctness.
    private static bool IsRead(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase);
    }
}
