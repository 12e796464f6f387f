using LinkWorker.Application.Common.Security;
using LinkWorker.Application.FollowUps.EscalateOverdueFollowUps;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.FollowUps.FlagOverdueFirstContacts;
using LinkWorker.Application.FollowUps.RescheduleMissingReminders;
using LinkWorker.Application.Guides.ReconcileGuideLoads;
using LinkWorker.Application.Notifications.DispatchNotifications;
using LinkWorker.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

// Job classes are stored in the database by type name: renaming or moving one orphans the jobs already scheduled.
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

/// <summary>A follow-up's reminder fell due: <see cref="FireFollowUpCommand"/> as the system user of its municipality.</summary>
/// <remarks>
/// Deliberately not [DisallowConcurrentExecution]: each job has one trigger, so there is nothing to serialise in
/// the normal case, and on a cluster that attribute makes every firing round take Quartz's cluster-wide lock. If
/// a repair re-adds the trigger while its firing runs, two firings of one follow-up are harmless:
/// <see cref="FireFollowUpCommand"/> changes the follow-up once (its version check fails the loser, which retries
/// and finds it due), and the outbox's unique keys keep the notifications single.
/// </remarks>
public sealed class FollowUpReminderJob(IServiceScopeFactory scopes, ILogger<FollowUpReminderJob> logger) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ScheduledWork.RunFollowUpJob(context, scopes, logger, id => new FireFollowUpCommand(id), cancellationToken);
}

/// <summary>
/// Every few minutes: each municipality's follow-ups left due too long are escalated, batch after batch
/// (<see cref="EscalateOverdueFollowUpsCommand"/>). One scan instead of one job per follow-up (ADR 0011).
/// </summary>
/// <remarks>Not concurrent, also across nodes: two scans would only conflict on the same rows.</remarks>
[DisallowConcurrentExecution]
public sealed class FollowUpEscalationScanJob(IServiceScopeFactory scopes, ILogger<FollowUpEscalationScanJob> logger) : IJob
{
    public static readonly JobKey Key = new("follow-up-escalation-scan", ScheduledWork.RecurringGroup);

    // Bounds one run (100 × 200 follow-ups per municipality); whatever is left waits for the next run.
    private const int MaxBatchesPerRun = 100;

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(
            context, scopes, logger, () => new EscalateOverdueFollowUpsCommand(), cancellationToken,
            repeatWhile: escalated => escalated >= EscalateOverdueFollowUpsCommand.DefaultBatchSize, maxRounds: MaxBatchesPerRun);
}

/// <summary>Every morning: each municipality's cases past their first-contact deadline are flagged.</summary>
[DisallowConcurrentExecution]
public sealed class FirstContactDeadlineJob(IServiceScopeFactory scopes, ILogger<FirstContactDeadlineJob> logger) : IJob
{
    public static readonly JobKey Key = new("first-contact-deadlines", ScheduledWork.RecurringGroup);

    /// <summary>07:00 Danish time, summer and winter.</summary>
    public const string Cron = "0 0 7 * * ?";

    public const string TimeZoneId = "Europe/Copenhagen";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(context, scopes, logger, () => new FlagOverdueFirstContactsCommand(), cancellationToken);
}

/// <summary>Puts back reminders that a failed after-commit scheduling left out, and repairs guides' counters; at start and every hour.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderRepairJob(IServiceScopeFactory scopes, ILogger<ReminderRepairJob> logger) : IJob
{
    public static readonly JobKey Key = new("reminder-repair", ScheduledWork.RecurringGroup);

    // Escalations were one job each in this group until the periodic scan replaced them (ADR 0011). Their job
    // class is gone, so Quartz could not run them; the scan covers those follow-ups, so they are only removed.
    private const string RetiredEscalationGroup = "follow-up-escalations";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var retired = await context.Scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(RetiredEscalationGroup), cancellationToken);
        if (retired.Count > 0)
        {
            await context.Scheduler.DeleteJobs(retired.ToList(), cancellationToken);
        }

        await ScheduledWork.ForEachMunicipality(context, scopes, logger, () => new RescheduleMissingRemindersCommand(), cancellationToken);

        // The same hourly round checks the guides' counters against their open cases (ADR 0018).
        await ScheduledWork.ForEachMunicipality(context, scopes, logger, () => new ReconcileGuideLoadsCommand(), cancellationToken);
    }
}

/// <summary>Every few seconds: each municipality's due e-mail and SMS messages go out.</summary>
/// <remarks>Not concurrent, also across nodes, so two runs never send the same message twice.</remarks>
[DisallowConcurrentExecution]
public sealed class NotificationDispatchJob(IServiceScopeFactory scopes, ILogger<NotificationDispatchJob> logger) : IJob
{
    public static readonly JobKey Key = new("notification-dispatch", ScheduledWork.RecurringGroup);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        ScheduledWork.ForEachMunicipality(context, scopes, logger, () => new DispatchNotificationsCommand(), cancellationToken);
}

/// <summary>
/// Jobs are thin: each sends a command through the same pipeline as a request (authorization, audit, unit of
/// work), in its own scope, as the system user of one municipality. Failures are logged by type only: exception
/// messages may carry personal data.
/// </summary>
internal static partial class ScheduledWork
{
    public const string RecurringGroup = "recurring";

    // Audit rows keep at most 100 characters of correlation id.
    private const int MaxCorrelationIdLength = 100;

    public static async ValueTask RunFollowUpJob<TResponse>(
        IJobExecutionContext context, IServiceScopeFactory scopes, ILogger logger, Func<Guid, IRequest<TResponse>> command,
        CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        if (!data.TryGetString(QuartzReminderScheduler.FollowUpIdKey, out var idText) || !Guid.TryParse(idText, out var followUpId) ||
            !data.TryGetString(QuartzReminderScheduler.MunicipalityCodeKey, out var municipalityCode) || string.IsNullOrEmpty(municipalityCode))
        {
            // Retrying cannot repair the job's data; complete the firing so the job goes away.
            LogBadJobData(logger, context.JobDetail.Key.ToString());
            return;
        }

        try
        {
            await SendAsSystem(scopes, municipalityCode, CorrelationId(context), command(followUpId), cancellationToken);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogFollowUpJobFailed(logger, context.JobDetail.Key.Group, followUpId, ex.GetType().FullName ?? ex.GetType().Name, context.RetryAttempt);

            // Failing the firing lets the trigger's retry policy run it again minutes later (see QuartzReminderScheduler);
            // the cause is left out because its message may hold personal data, and Quartz logs what it is given.
            throw new JobExecutionException(new ScheduledWorkFailedException(ex.GetType()));
        }
    }

    /// <summary>
    /// Sends the command once per municipality, each in its own scope and transaction; with <paramref name="repeatWhile"/>,
    /// again for the same municipality while the answer asks for it, at most <paramref name="maxRounds"/> times.
    /// </summary>
    public static async ValueTask ForEachMunicipality<TResponse>(
        IJobExecutionContext context, IServiceScopeFactory scopes, ILogger logger, Func<IRequest<TResponse>> command,
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
            LogMunicipalityFailed(logger, context.JobDetail.Key.Name, "*", ex.GetType().FullName ?? ex.GetType().Name);
            return;
        }

        var correlationId = CorrelationId(context);
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
                LogMunicipalityFailed(logger, context.JobDetail.Key.Name, code, ex.GetType().FullName ?? ex.GetType().Name);
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

    private static string CorrelationId(IJobExecutionContext context)
    {
        var id = "job-" + context.FireInstanceId;
        return id.Length <= MaxCorrelationIdLength ? id : id[..MaxCorrelationIdLength];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Group} for follow-up {FollowUpId} failed with {ExceptionType} (retry attempt {RetryAttempt})")]
    private static partial void LogFollowUpJobFailed(ILogger logger, string group, Guid followUpId, string exceptionType, int retryAttempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed for municipality {MunicipalityCode} with {ExceptionType}")]
    private static partial void LogMunicipalityFailed(ILogger logger, string job, string municipalityCode, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {JobKey} has no usable follow-up id or municipality in its data; dropped")]
    private static partial void LogBadJobData(ILogger logger, string jobKey);
}

/// <summary>Stands in for a job's real exception when it is handed to Quartz: the type only, never the message.</summary>
public sealed class ScheduledWorkFailedException : Exception
{
    public ScheduledWorkFailedException()
    {
    }

    public ScheduledWorkFailedException(string message)
        : base(message)
    {
    }

    public ScheduledWorkFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScheduledWorkFailedException(Type failure)
        : base($"Scheduled work failed with {failure?.FullName}.")
    {
    }
}
