using System.Text.Json;
using LinkWorker.Infrastructure.Persistence;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// <c>LinkWorker.Api backup &lt;target-file&gt;</c>: a consistent copy of the SQLite database, taken while the
/// service runs and writes (ADR 0028). Prints what it wrote as JSON; exits 0 on success, 1 when the backup failed,
/// 2 when it cannot be used here (wrong arguments, or a PostgreSQL database: use pg_dump, docs/operations.md).
/// Starts no server and never writes to the live database.
/// </summary>
internal static class BackupCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> Run(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, TextWriter errors)
    {
        if (arguments is not [var target])
        {
            await errors.WriteLineAsync("Usage: LinkWorker.Api backup <target-file>");
            return 2;
        }

        try
        {
            if (await SqliteBackup.CopyApplicationDatabase(services, target, CancellationToken.None) is not { } result)
            {
                await errors.WriteLineAsync("This database is PostgreSQL: back it up with pg_dump or a base backup (docs/operations.md, \"Backups\").");
                return 2;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(result, Indented));
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            // Paths and SQLite's messages only: no row of the database is in them.
            await errors.WriteLineAsync($"Backup failed: {ex.Message}");
            return 1;
        }
    }
}
