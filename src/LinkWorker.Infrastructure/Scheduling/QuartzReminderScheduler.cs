using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.FollowUps;
using Quartz;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Follow-up reminders as one-shot Quartz jobs in the application's own database, one per follow-up,
/// keyed by the follow-up's id so that scheduling again replaces and unscheduling needs nothing but the id.
/// </summary>
public sealed class QuartzReminderScheduler(ISchedulerFactory schedulers) : IReminderScheduler
{
    public const string ReminderGroup = "follow-up-reminders";

    /// <summary>Job data names; stored in the database with every job, so renaming them orphans scheduled jobs.</summary>
    public const string FollowUpIdKey = "followUpId";

    public const string MunicipalityCodeKey = "municipalityCode";

    // A failed run is tried again a few times, minutes apart: the commands are idempotent, and a database blip
    // should not cost a reminder. Never immediately, so a job that always fails cannot spin.
    private static readonly RetryPolicy FailedRunRetries = RetryPolicy.Exponential(4, TimeSpan.FromMinutes(1), 2.0, TimeSpan.FromMinutes(15));

    public static JobKey ReminderKey(Guid followUpId) => new($"{followUpId:N}", ReminderGroup);

    public Task ScheduleFollowUp(Guid followUpId, string municipalityCode, DateTimeOffset dueAt, CancellationToken cancellationToken) =>
        Schedule<FollowUpReminderJob>(ReminderKey(followUpId), followUpId, municipalityCode, dueAt, cancellationToken);

    public async Task Unschedule(Guid followUpId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.DeleteJob(ReminderKey(followUpId), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<Guid, DateTimeOffset>> NextFireTimes(IReadOnlyCollection<Guid> followUpIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(followUpIds);
        if (followUpIds.Count == 0)
        {
            return new Dictionary<Guid, DateTimeOffset>();
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var keys = followUpIds.Distinct().Select(id => new TriggerKey($"{id:N}", ReminderGroup)).ToList();
        var triggers = await scheduler.GetTriggers(keys, cancellationToken);
        return triggers
            .Where(t => t.NextFireTimeUtc is not null)
            .ToDictionary(t => Guid.ParseExact(t.Key.Name, "N"), t => t.NextFireTimeUtc!.Value);
    }

    private async Task Schedule<TJob>(JobKey key, Guid followUpId, string municipalityCode, DateTimeOffset at, CancellationToken cancellationToken)
        where TJob : IJob
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(municipalityCode);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<TJob>()
            .WithIdentity(key)
            .UsingJobData(FollowUpIdKey, followUpId.ToString())
            .UsingJobData(MunicipalityCodeKey, municipalityCode)
            .StoreDurably(false)
            // A node that dies mid-run leaves the firing to another node (or to itself on restart): the command is idempotent.
            .RequestRecovery(true)
            .Build();

        // The scheduler's clock is the application's TimeProvider, so "now" here and in Quartz agree. A time already
        // past becomes now: a running scheduler leaves a trigger stored in the past to its misfire scan, a minute later.
        var now = scheduler.TimeProvider.GetUtcNow();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            .StartAt(at > now ? at : now)
            // Once; a server that was down at the due time fires it as soon as it is back.
            .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .WithRetryPolicy(FailedRunRetries)
            .Build();

        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }
}
