using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// Brings the database up to date before the server takes requests: migrations, the OpenID Connect server's keys
/// and the web app's client registration, and in demo mode the demo data. A database migrated by a newer version
/// of LinkWorker is refused.
/// </summary>
public sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopes,
    IOptions<DatabaseOptions> options,
    IOptions<DemoOptions> demo,
    ServerKeyStore serverKeys,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();

        if (db.Database.IsSqlite())
        {
            await PrepareSqliteFile(db, cancellationToken);
            await Initialize(scope.ServiceProvider, db, cancellationToken);
            await SqliteStatistics.RefreshAll(db, cancellationToken);
            return;
        }

        // Nodes starting together on one PostgreSQL database take turns: a session advisory lock around it all.
        await db.Database.EnsureCreatedDatabaseOnlyAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(74150751)", cancellationToken);
            await Initialize(scope.ServiceProvider, db, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(74150751)", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task Initialize(IServiceProvider services, LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await RefuseNewerDatabase(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, db.Database.ProviderName ?? "?");
        }

        await ProtectCitizenData(services, db, cancellationToken);
        await serverKeys.LoadAsync(db, clock, cancellationToken);
        await services.GetRequiredService<OpenIdClients>().EnsureWebClientAsync(cancellationToken);
        await PostcodeAreaSeeder.SeedAsync(db, configuration[PostcodeAreaSeeder.FileKey], cancellationToken);

        if (demo.Value.Enabled)
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
            if (!services.GetRequiredService<IOptions<AuthenticationSettings>>().Value.IsExternal)
            {
                await services.GetRequiredService<DemoSystemClients>().SeedAsync(cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Loads the key ring (a missing or wrong master key stops the start here) and encrypts rows still in plain
    /// text: those written before encryption at rest (migration 20261126192000). A converted SQLite file is
    /// vacuumed, so the old plain pages do not linger in it (ADR 26). The pass reads every encrypted table, so it
    /// runs only while a migration's <see cref="StartupTask.EncryptPlainText"/> row asks for it (ADR 34).
    /// </summary>
    private async Task ProtectCitizenData(IServiceProvider services, LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<Encryption.KeyRing>().LoadAsync(db, clock, cancellationToken);
        if (!await IsPending(db, StartupTask.EncryptPlainText, cancellationToken))
        {
            return;
        }

        var converted = (await services.GetRequiredService<Encryption.FieldReencryption>().RewriteAsync(plainTextOnly: true, cancellationToken: cancellationToken)).Rewritten;
        if (converted > 0)
        {
            LogConverted(logger, converted);
            if (db.Database.IsSqlite())
            {
                await db.Database.ExecuteSqlRawAsync("VACUUM;", cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
            }
        }

        // Only now: a start that stops half-way leaves the row, and the next one scans again.
        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"StartupTasks\" WHERE \"Name\" = {0}", [StartupTask.EncryptPlainText], cancellationToken);
    }

    /// <summary>One primary-key read, as plain SQL: no query to compile on the start's path.</summary>
    private static async Task<bool> IsPending(LinkWorkerDbContext db, string task, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = "SELECT COUNT(*) FROM \"StartupTasks\" WHERE \"Name\" = @task";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@task";
            parameter.Value = task;
            command.Parameters.Add(parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task PrepareSqliteFile(LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // WAL lets readers work while the scheduler and the API write; it is a property of the file.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task RefuseNewerDatabase(LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        var unknown = applied.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database was migrated by a newer LinkWorker ({string.Join(", ", unknown)}); refusing to start an older version on it.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Encrypted {Rows} rows written before encryption at rest")]
    private static partial void LogConverted(ILogger logger, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date ({Provider})")]
    private static partial void LogMigrated(ILogger logger, string provider);
}

/// <summary>
/// SQLite plans by its statistics; without them it takes "MunicipalityCode = ?", which every scoped query has, for as
/// selective as "CaseId = ?" or "Id IN (…)" and walks a municipality index (ADR 29). Refreshed at start-up; with
/// the analysis limit it reads about a thousand rows per index, whatever the size.
/// </summary>
public static class SqliteStatistics
{
    public const string Refresh = Limit + " ANALYZE;";

    private const string Limit = "PRAGMA analysis_limit=1000;";

    /// <summary>
    /// The maintenance job's refresh: only the tables whose statistics are missing or stale, with the same limit, one
    /// index per write turn. An ANALYZE holds the write lock while it reads: without the limit it read every row of
    /// a grown table (137 ms at 39,000 referrals), all the stale tables in one turn stalled intake for a quarter of a
    /// second under load (ADR 40), and one table in a turn still held it 462 ms at 140,000 referrals when the other
    /// jobs ran beside it (ADR 42). An index's analysis reads a sample of that index alone: 2–20 ms each on a quiet
    /// machine. The pool's connections then read the new statistics. Returns what it analysed, by name.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RefreshStale(DbContext db, IDatabaseWriteGate writeGate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writeGate);
        var targets = new List<string>();
        foreach (var table in await StaleTables(db, cancellationToken))
        {
            var indexes = await db.Database.SqlQuery<string>($"SELECT \"name\" AS \"Value\" FROM \"sqlite_master\" WHERE \"type\" = 'index' AND \"tbl_name\" = {table}")
                .ToListAsync(cancellationToken);
            // A table without an index is analysed whole: its statistics are only its row count.
            targets.AddRange(indexes.Count > 0 ? indexes : [table]);
        }

        foreach (var target in targets)
        {
            using (await writeGate.EnterAsync(cancellationToken))
            {
#pragma warning disable EF1002 // Names from SQLite's catalogue, not from input.
                await db.Database.ExecuteSqlRawAsync($"{Limit} ANALYZE \"main\".\"{target.Replace("\"", "\"\"", StringComparison.Ordinal)}\";", cancellationToken);
#pragma warning restore EF1002
            }
        }

        if (targets.Count > 0)
        {
            ReachPooledConnections(db);
        }

        return targets;
    }

    /// <summary>The start-up's refresh: every table, with the same limit; connections opened before it read the result.</summary>
    public static async Task RefreshAll(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync(Refresh, cancellationToken);
        ReachPooledConnections(db);
    }

    // A connection plans with the statistics it read when it loaded the schema, and an ANALYZE on another connection
    // leaves the schema as it was: a pooled connection would plan with what it read when it opened, for as long as
    // the process runs. The pool's connections are closed instead (those in use when they come back), so each next
    // one reads the new statistics.
    private static void ReachPooledConnections(DbContext db) =>
        SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());

    // PRAGMA optimize's debugging mode lists the ANALYZE statements it would run (ANALYZE "main"."Cases"), and runs none.
    private static async Task<List<string>> StaleTables(DbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA optimize=0x10003;";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var tables = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetValue(0) is string line && line.StartsWith("ANALYZE \"main\".\"", StringComparison.Ordinal) && line.EndsWith('"'))
                {
                    tables.Add(line["ANALYZE \"main\".\"".Length..^1].Replace("\"\"", "\"", StringComparison.Ordinal));
                }
            }

            return tables;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
