using Hangfire;
using LinkWorker.Infrastructure.Encryption;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Every ten minutes: rotates the data key when the current one is older than <c>DataProtection:RotateAfterDays</c>
/// (default 90; 0 never), then moves a bounded number of rows from older keys to the current one, batch after
/// batch (ADR 26). A rotation is finished when a run finds nothing left; until then old rows stay readable.
/// </summary>
/// <remarks>Once across the cluster at a time: two runs would only compete for the same rows.</remarks>
public sealed partial class FieldReencryptionJob(
    IServiceScopeFactory scopes, KeyRing ring, TimeProvider clock, IConfiguration configuration, ILogger<FieldReencryptionJob> logger)
{
    public const string Id = "field-reencryption";

    public const string Cron = "*/10 * * * *";

    // Bounds one run (20 batches of 500 rows per table); the rest waits for the next run.
    private const int MaxBatchesPerRun = 20;

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task Run(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();

        // Another node may have rotated: re-encrypt to the newest key, and rotate only on the newest key's age.
        await ring.ReloadAsync(db, cancellationToken);
        var rotateAfterDays = configuration.GetValue($"{MasterKeys.Section}:RotateAfterDays", 90);
        if (rotateAfterDays > 0 && clock.GetUtcNow() - ring.CurrentKeyCreatedAt > TimeSpan.FromDays(rotateAfterDays))
        {
            var rotatedTo = await ring.RotateAsync(db, clock, cancellationToken);
            LogRotated(logger, rotatedTo);
        }

        var batchSize = configuration.GetValue($"{MasterKeys.Section}:ReencryptionBatchSize", FieldReencryption.DefaultBatchSize);
        var moved = await scope.ServiceProvider.GetRequiredService<FieldReencryption>()
            .RewriteAsync(plainTextOnly: false, batchSize, MaxBatchesPerRun, cancellationToken);
        if (moved > 0)
        {
            LogMoved(logger, moved, ring.CurrentKeyId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data key {KeyId} is now current")]
    private static partial void LogRotated(ILogger logger, int keyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-encrypted {Rows} rows under data key {KeyId}")]
    private static partial void LogMoved(ILogger logger, int rows, int keyId);
}
