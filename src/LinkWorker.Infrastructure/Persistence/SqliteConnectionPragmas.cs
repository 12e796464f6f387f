using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// SQLite's own busy handler on every connection: a writer that finds the file locked waits in steps of 1–100 ms
/// inside SQLite. Without it Microsoft.Data.Sqlite retries on its own after sleeping 150 ms each time, and one such
/// sleep held the process's write gate (and every writer queued behind it) for 150 ms: that was intake's p99 and
/// more than half of its time at concurrency 8 (issue 18, ADR 0035).
/// </summary>
internal sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    // One instance per timeout: the options are built for every context, and EF Core compares their interceptors.
    private static readonly ConcurrentDictionary<int, SqliteBusyTimeout> Instances = new();
    private readonly string _pragma;

    private SqliteBusyTimeout(int seconds) =>
        _pragma = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {seconds * 1000};");

    public static SqliteBusyTimeout Of(int seconds) => Instances.GetOrAdd(seconds, s => new SqliteBusyTimeout(s));

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    // Microsoft.Data.Sqlite completes its async calls synchronously: the same work either way.
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }
}
