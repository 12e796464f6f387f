using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace LinkWorker.Api.Tests.Performance;

/// <summary>SQLite's write-ahead log is copied back in the background, not by a request's commit (ADR 0038).</summary>
public sealed class SqliteWalCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("linkworker-wal-").FullName;

    [Fact]
    public async Task A_background_checkpoint_copies_the_log_into_the_database_file()
    {
        var path = Path.Combine(_folder, "wal.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        await using (var writer = new SqliteConnection(connectionString))
        {
            await writer.OpenAsync();
            // As the app's connections: the commit itself does not checkpoint this little.
            await Execute(writer, $"PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint={SqliteWalCheckpoints.AutoCheckpointPages};");
            await Execute(writer, "CREATE TABLE probe (x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO probe SELECT randomblob(4000) FROM n;");
            var before = new FileInfo(path).Length;

            await new SqliteWalCheckpoints(connectionString, TimeProvider.System, NullLogger<SqliteWalCheckpoints>.Instance)
                .CheckpointAsync(CancellationToken.None);

            before.Should().BeLessThan(100_000, "the 2 MB written are still in the log");
            new FileInfo(path).Length.Should().BeGreaterThan(2_000_000, "the checkpoint wrote the log's pages into the file");
        }
    }

    [Fact]
    public async Task Only_a_sqlite_node_runs_the_background_checkpoint()
    {
        await using var sqlite = new SqliteApiFactory();
        sqlite.Services.GetServices<IHostedService>().OfType<SqliteWalCheckpoints>().Should().ContainSingle();
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
