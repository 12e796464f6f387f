using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// Tells "the database cannot be reached or is busy right now" (answered 503 with Retry-After, ADR 14) from a bug
/// (500) or a conflict (409). The failure may be wrapped: EF wraps it in a DbUpdateException or in the execution
/// strategy's InvalidOperationException ("likely due to a transient failure").
/// </summary>
public static class DatabaseFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current switch
            {
                PostgresException pg => IsUnavailable(pg.SqlState),
                NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
                // BUSY, LOCKED (after the busy timeout), IOERR, CORRUPT, CANTOPEN, NOTADB: the file is locked or unreadable.
                SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 10 or 11 or 14 or 26,
                _ => false,
            })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After a broken connection the pool's idle connections are most likely dead too (the server restarted or
    /// failed over): drop them, so the first requests after the database returns do not fail on stale ones.
    /// </summary>
    public static void ForgetPooledConnections() => NpgsqlConnection.ClearAllPools();

    // 08: connection exceptions; 57P01-03: admin/crash shutdown, cannot connect now (starting, recovering, failover);
    // 53300: too many connections; 57014: query cancelled by the command timeout.
    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState is "57P01" or "57P02" or "57P03" or "53300" or "57014";
}
