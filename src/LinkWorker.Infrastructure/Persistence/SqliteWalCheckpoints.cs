using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// SQLite: copies the write-ahead log back into the database file every second, off the request path (ADR 0038).
/// By default SQLite does it inside the commit that takes the log past 1,000 pages; every list read writes its
/// audit record, so at 1,000,000 cases about one list read in ten paid for a checkpoint and took ~19 ms instead of
/// ~5. A passive checkpoint waits for no reader or writer; what a long read still uses is copied at a later turn.
/// </summary>
public sealed partial class SqliteWalCheckpoints(string connectionString, TimeProvider clock, ILogger<SqliteWalCheckpoints> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where a commit still checkpoints by itself, should this fall behind: about 40 MB of log at SQLite's 4 KB pages
    /// (SQLite's default is 1,000 pages).
    /// </summary>
    public const int AutoCheckpointPages = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckpointAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One passive checkpoint; a failure is logged and the next turn tries again.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException exception)
        {
            LogCheckpointFailed(logger, exception.SqliteErrorCode);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The background WAL checkpoint failed (SQLite error {Code}); the next one tries again.")]
    private static partial void LogCheckpointFailed(ILogger logger, int code);
}
