namespace LinkWorker.Application.FollowUps;

/// <summary>
/// The persistent scheduler behind check-in reminders (Quartz on the application's own database). One reminder
/// job per follow-up, keyed by its id; the job fires <c>FireFollowUpCommand</c>, the escalation job
/// <c>EscalateFollowUpCommand</c>. Scheduling twice replaces; unscheduling what is not there is fine.
/// </summary>
public interface IReminderScheduler
{
    Task ScheduleFollowUp(Guid followUpId, string municipalityCode, DateTimeOffset dueAt, CancellationToken cancellationToken);

    Task ScheduleEscalation(Guid followUpId, string municipalityCode, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes the follow-up's reminder and escalation jobs.</summary>
    Task Unschedule(Guid followUpId, CancellationToken cancellationToken);

    /// <summary>When each follow-up's reminder will fire next, for those still scheduled.</summary>
    Task<IReadOnlyDictionary<Guid, DateTimeOffset>> NextFireTimes(IReadOnlyCollection<Guid> followUpIds, CancellationToken cancellationToken);
}
