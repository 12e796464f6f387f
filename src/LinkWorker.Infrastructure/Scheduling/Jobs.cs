using Hangfire;
using LinkWorker.Application.Citizens.EraseExpiredCitizens;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.FollowUps.EscalateOverdueFollowUps;
using LinkWorker.Application.FollowUps.FireDueFollowUps;
using LinkWorker.Application.FollowUps.FlagOverdueFirstContacts;
using LinkWorker.Application.Guides.ReconcileGuideLoads;
using LinkWorker.Application.Notifications.DispatchNotifications;
using LinkWorker.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Hangfire stores a job as its type and method name with its arguments: renaming or moving one orphans the jobs
// already enqueued (recurring jobs are declared again at every start, so only queued runs are lost). Arguments
// are ids and codes only, never personal data (ADR 0020).
namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Who scheduled work acts as. A fixed id, so audit rows written by jobs name the same actor on every node and
/// across restarts; it is no account, cannot sign in, and its role is never accepted from a token.
/// </summary>
public static class SystemUser
{
    public static readonly Guid Id = new("00000000-0000-0000-0000-00000000005e");

    public static StaticUser For(string municipalityCode, string? correlationId = null) =>
        new(Id, municipalityCode, null, [Roles.System]) { CorrelationId = correlationId };
}

/// <summary>
/// Every few seconds: each municipality's due reminders fire, batch after batch, until none is left
/// (<see cref="FireDueFollowUpsCommand"/>). The follow-up row is the reminder (ADR 0020): there is no job per
/// reminder, so nothing to lose, repair or migrate.
/// </summary>
/// <remarks>
/// Nodes sweep side by side: the claim skips rows another node holds (PostgreSQL), so a big backlog is split
/// between them. One node runs one sweep at a time; a tick that finds its node sweeping already ends at once.
/// A failed run is not retried by Hangfire: the next tick, seconds later, is the retry.
/// </remarks>
public sealed class ReminderSweepJob(
    IServiceScopeFactory scopes, IConfiguration configuration, LinkWorkerMetrics metrics, TimeProvider clock, ReminderSweepGate gate,
    ILogger<ReminderSweepJob> logger)
{
    public const string Id = "reminder-sweep";

    /// <summary>Bounds one municipality's rounds in one run (2,000 × 500 = a million reminders); the rest waits for the next tick.</summary>
    private const int MaxRounds = 2_000;

    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task Run(CancellationToken cancellationToken)
    {
        if (!await gate.Semaphore.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            await MeasureBacklog(cancellationToken);
            var batch = configuration.GetValue(SchedulingServiceCollectionExtensions.SweepBatchSizeKey, FireDueFollowUpsCommand.DefaultBatchSize);
            await ScheduledWork.ForEachMunicipality(
                Id, scopes, logger, () => new FireDueFollowUpsCommand(batch), cancellationToken, repeatWhile: fired => fired >= batch, maxRounds: MaxRounds);
        }
        finally
        {
            gate.Semaphore.Release();
        }
    }

    // The oldest due-but-unfired reminder, before this sweep fires it: how far behind the sweeps are (docs/operations.md).
    private async Task MeasureBacklog(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var now = clock.GetUtcNow();
            metrics.OldestDueReminder(await scope.ServiceProvider.GetRequiredService<IDueFollowUpClaims>().OldestDue(now, cancellationToken), now);
        }
#pragma warning disable CA1031 // A gauge left as it was is no reason to skip the sweep, which logs what is wrong.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
        }
    }
}

/// <summary>One sweep at a time on this node (one per application host, not per process: the bench runs two).</summary>
public sealed class ReminderSweepGate : IDisposable
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);

    public void Dispose() => Semaphore.Dispose();
}

/// <summary>
/// Every few minutes: each municipality's follow-ups left due too long are escalated, batch after batch
/// (<see cref="EscalateOverdueFollowUpsCommand"/>). One scan instead of one job per follow-up (ADR 0011).
/// </summary>
/// <remarks>Once across the cluster at a time: two scans would only conflict on the same rows.</remarks>
public sealed class FollowUpEscalationScanJob(IServiceScopeFactory scopes, ILogger<FollowUpEscalationScanJob> logger)
{
    public const string Id = "follow-up-escalation-scan";

    // Bounds one run (100 × 200 follow-ups per municipality); whatever is left waits for the next run.
    private const int MaxBatchesPerRun = 100;

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task Run(CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(
            Id, scopes, logger, () => new EscalateOverdueFollowUpsCommand(), cancellationToken,
            repeatWhile: escalated => escalated >= EscalateOverdueFollowUpsCommand.DefaultBatchSize, maxRounds: MaxBatchesPerRun);
}

/// <summary>Every morning: each municipality's cases past their first-contact deadline are flagged.</summary>
public sealed class FirstContactDeadlineJob(IServiceScopeFactory scopes, ILogger<FirstContactDeadlineJob> logger)
{
    public const string Id = "first-contact-deadlines";

    /// <summary>07:00 Danish time, summer and winter.</summary>
    public const string Cron = "0 7 * * *";

    public const string TimeZoneId = "Europe/Copenhagen";

    // Retried by Hangfire with its back-off: the next run is a day away.
    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 5)]
    public Task Run(CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(Id, scopes, logger, () => new FlagOverdueFirstContactsCommand(), cancellationToken);
}

/// <summary>Every hour, and at start: the guides' counters of open cases are checked against their cases (ADR 0018).</summary>
/// <remarks>
/// This hourly round also put back reminders lost from Quartz. That repair is gone: a reminder is its follow-up
/// row, which is written in the same transaction as the plan, so there is nothing that can go missing.
/// </remarks>
public sealed class GuideLoadReconciliationJob(IServiceScopeFactory scopes, ILogger<GuideLoadReconciliationJob> logger)
{
    public const string Id = "guide-load-reconciliation";

    /// <summary>At 25 past: minutes apart from the other periodic jobs (ADR 42).</summary>
    public const string Cron = "25 * * * *";

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task Run(CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(Id, scopes, logger, () => new ReconcileGuideLoadsCommand(), cancellationToken);
}

/// <summary>Every few seconds: each municipality's due e-mail and SMS messages go out.</summary>
/// <remarks>Once across the cluster at a time, so two runs never send the same message twice.</remarks>
public sealed class NotificationDispatchJob(IServiceScopeFactory scopes, ILogger<NotificationDispatchJob> logger)
{
    public const string Id = "notification-dispatch";

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public Task Run(CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(Id, scopes, logger, () => new DispatchNotificationsCommand(), cancellationToken);
}

/// <summary>
/// Every night: each municipality's citizens whose last case closed longer ago than its retention period are erased,
/// batch after batch (<see cref="EraseExpiredCitizensCommand"/>, ADR 27). Each erasure leaves an audit row.
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, ILogger<RetentionJob> logger)
{
    public const string Id = "personal-data-retention";

    /// <summary>03:15 Danish time, when nobody works the queues.</summary>
    public const string Cron = "15 3 * * *";

    // Bounds one night's run (200 × 50 citizens per municipality); the rest waits for the next night.
    private const int MaxBatchesPerRun = 200;

    [DisableConcurrentExecution(ScheduledWork.LockTimeoutSeconds)]
    [AutomaticRetry(Attempts = 3)]
    public Task Run(CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(
            Id, scopes, logger, () => new EraseExpiredCitizensCommand(), cancellationToken,
            repeatWhile: erased => erased >= EraseExpiredCitizensCommand.DefaultBatchSize, maxRounds: MaxBatchesPerRun);
}

/// <summary>
/// Jobs are thin: each sends a command through the same pipeline as a request (authorization, audit, unit of
/// work), in its own scope, as the system user of one municipality. Failures are logged by type only: exception
/// messages may carry personal data.
/// </summary>
internal static partial class ScheduledWork
{
    /// <summary>How long a run waits for the same job running on another node before giving up (the next run is the retry).</summary>
    public const int LockTimeoutSeconds = 5;

    // Audit rows keep at most 100 characters of correlation id.
    private const int MaxCorrelationIdLength = 100;

    /// <summary>
    /// Sends the command once per municipality, each in its own scope and transaction; with <paramref name="repeatWhile"/>,
    /// again for the same municipality while the answer asks for it, at most <paramref name="maxRounds"/> times.
    /// </summary>
    public static async Task ForEachMunicipality<TResponse>(
        string job, IServiceScopeFactory scopes, ILogger logger, Func<IRequest<TResponse>> command,
        CancellationToken cancellationToken, Func<TResponse, bool>? repeatWhile = null, int maxRounds = 1)
    {
        List<string> codes;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
            codes = await db.Municipalities.AsNoTracking().OrderBy(m => m.Code).Select(m => m.Code).ToListAsync(cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The database is unreachable; the next run is the retry.
            LogMunicipalityFailed(logger, job, "*", ex.GetType().FullName ?? ex.GetType().Name);
            return;
        }

        var correlationId = CorrelationId(job);
        foreach (var code in codes)
        {
            try
            {
                for (var round = 1; ; round++)
                {
                    var response = await SendAsSystem(scopes, code, correlationId, command(), cancellationToken);
                    if (repeatWhile is null || round >= maxRounds || !repeatWhile(response))
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // One municipality's failure must not hold up the others; the next run is the retry.
                LogMunicipalityFailed(logger, job, code, ex.GetType().FullName ?? ex.GetType().Name);
            }
        }
    }

    private static async Task<TResponse> SendAsSystem<TResponse>(
        IServiceScopeFactory scopes, string municipalityCode, string correlationId, IRequest<TResponse> request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(SystemUser.For(municipalityCode, correlationId));
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
    }

    private static string CorrelationId(string job)
    {
        var id = $"job-{job}-{Guid.NewGuid():N}";
        return id.Length <= MaxCorrelationIdLength ? id : id[..MaxCorrelationIdLength];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed for municipality {MunicipalityCode} with {ExceptionType}")]
    private static partial void LogMunicipalityFailed(ILogger logger, string job, string municipalityCode, string exceptionType);
}
