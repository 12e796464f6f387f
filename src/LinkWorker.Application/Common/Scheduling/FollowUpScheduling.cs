using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Scheduling;

/// <summary>Keeps the scheduler in step with follow-ups: schedule on plan, unschedule on cancel — after the commit.</summary>
internal sealed class FollowUpScheduling(IAppDbContext db, IReminderScheduler scheduler, AfterCommit afterCommit, TimeProvider clock)
{
    public void Schedule(FollowUp followUp) =>
        afterCommit.Add(ct => scheduler.ScheduleFollowUp(followUp.Id, followUp.MunicipalityCode, followUp.DueAt, ct));

    public void Unschedule(Guid followUpId) => afterCommit.Add(ct => scheduler.Unschedule(followUpId, ct));

    /// <summary>Cancels the case's pending follow-ups of the given kinds (all when none are given).</summary>
    public async Task CancelPending(Guid caseId, string reason, CancellationToken cancellationToken, params FollowUpKind[] kinds)
    {
        var pending = await db.FollowUps
            .Where(f => f.CaseId == caseId && (f.Status == FollowUpStatus.Planned || f.Status == FollowUpStatus.Due))
            .ToListAsync(cancellationToken);
        foreach (var followUp in pending.Where(f => kinds.Length == 0 || kinds.Contains(f.Kind)))
        {
            followUp.Cancel(reason, clock.GetUtcNow());
            Unschedule(followUp.Id);
        }
    }
}
