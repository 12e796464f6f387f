using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>What a backup wrote: the file, its size and SQLite's own check of the copy.</summary>
public sealed record SqliteBackupResult(string Target, long Bytes, string IntegrityCheck, DateTimeOffset TakenAt);

/// <summary>
/// A consistent copy of the SQLite database while the service keeps writing (ADR 0028), through SQLite's online
/// backup API. The copy is made in one step inside one read transaction: in WAL mode a reader does not block the
/// writers, so the service goes on committing, and the copy is the database as it was when the step began —
/// every transaction committed before then, none after. The copy is written beside the target and renamed into
/// place only once SQLite has checked it, so a target file is always a whole backup.
/// </summary>
public static class SqliteBackup
{
    /// <summary>A backup of the application's own database, or null when that database is not SQLite (use pg_dump).</summary>
    public static async Task<SqliteBackupResult?> CopyApplicationDatabase(IServiceProvider services, string targetFile, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        return db.Database.IsSqlite()
            ? await Copy(db.Database.GetConnectionString()!, targetFile, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken)
            : null;
    }

    public static async Task<SqliteBackupResult> Copy(string sourceConnectionString, string targetFile, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetFile);
        ArgumentNullException.ThrowIfNull(clock);
        var source = new SqliteConnectionStringBuilder(sourceConnectionString) { Pooling = false };
        var target = Path.GetFullPath(targetFile);
        if (string.Equals(Path.GetFullPath(source.DataSource), target, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The backup must not be written over the database itself.");
        }

        if (File.Exists(target))
        {
            throw new InvalidOperationException($"{target} exists already; a backup never overwrites a file.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        var takenAt = clock.GetUtcNow();
        string integrity;
        try
        {
            // Read-only: the backup must never write to the live database (not even create it when the path is wrong).
            source.Mode = SqliteOpenMode.ReadOnly;
            await using (var from = new SqliteConnection(source.ToString()))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                await from.OpenAsync(cancellationToken);
                await to.OpenAsync(cancellationToken);
                takenAt = clock.GetUtcNow();
                from.BackupDatabase(to);

                // One self-contained file (the live database is in WAL mode; the copy needs no -wal beside it). The
                // service puts WAL back on when it opens a restored copy.
                await Execute(to, "PRAGMA journal_mode=DELETE;", cancellationToken);
                integrity = Convert.ToString(await Scalar(to, "PRAGMA integrity_check;", cancellationToken), CultureInfo.InvariantCulture) ?? "";
            }

            if (!string.Equals(integrity, "ok", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The copy failed SQLite's integrity check: {integrity}");
            }

            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }

        return new SqliteBackupResult(target, new FileInfo(target).Length, integrity, takenAt);
    }

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
