namespace LinkWorker.Application.Common.Scheduling;

/// <summary>
/// The persistent scheduler behind check-in reminders (Quartz on the application's own database). One reminder
/// job per follow-up, keyed by its id; the job fires <c>FireFollowUpCommand</c>. (Escalation has no job per
/// follow-up: a periodic scan sends <c>EscalateOverdueFollowUpsCommand</c>.) Scheduling twice replaces;
/// unscheduling what is not there is fine.
/// </summary>
public interface IReminderScheduler
{
    Task ScheduleFollowUp(Guid followUpId, string municipalityCode, DateTimeOffset dueAt, CancellationToken cancellationToken);

    /// <summary>Removes the follow-up's reminder job.</summary>
    Task Unschedule(Guid followUpId, CancellationToken cancellationToken);

    /// <summary>When each follow-up's reminder will fire next, for those still scheduled.</summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> NextFireTimes(IReadOnlyCollection<Guid> followUpIds, CancellationToken cancellationToken);
}
