using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// Two settings on every SQLite connection:
/// <list type="bullet">
/// <item>SQLite's own busy handler: a writer that finds the file locked waits in steps of 1–100 ms inside SQLite.
/// Without it Microsoft.Data.Sqlite retries on its own after sleeping 150 ms each time, and one such sleep held the
/// process's write gate (and every writer queued behind it) for 150 ms (issue 18, ADR 0035).</item>
/// <item>The automatic WAL checkpoint moved far out (<see cref="SqliteWalCheckpoints.AutoCheckpointPages"/>): the background checkpoint
/// (<see cref="SqliteWalCheckpoints"/>) copies the log back every second, so no request's commit does it (ADR 0038).
/// The automatic one stays as a bound on the log if the background one falls behind.</item>
/// </list>
/// </summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    // One instance per timeout: the options are built for every context, and EF Core compares their interceptors.
    private static readonly ConcurrentDictionary<int, SqliteConnectionPragmas> Instances = new();
    private readonly string _pragmas;

    private SqliteConnectionPragmas(int seconds) =>
        _pragmas = string.Create(
            CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {seconds * 1000}; PRAGMA wal_autocheckpoint = {SqliteWalCheckpoints.AutoCheckpointPages};");

    public static SqliteConnectionPragmas Of(int busyTimeoutSeconds) => Instances.GetOrAdd(busyTimeoutSeconds, s => new SqliteConnectionPragmas(s));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }

    // Microsoft.Data.Sqlite completes its async calls synchronously: the same work either way.
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }
}
