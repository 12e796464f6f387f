using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.RescheduleMissingReminders;

/// <summary>
/// Repairs the scheduler: every planned follow-up of the caller's municipality gets its reminder back if it has
/// none (scheduling after a commit can fail, for instance while the database restarts). Runs at start and hourly.
/// Outside a transaction: it reads, then talks to the scheduler.
/// </summary>
[Authorize(Roles.System)]
public sealed record RescheduleMissingRemindersCommand : IRequest<int>, ISelfCommittingRequest;

internal sealed class RescheduleMissingRemindersHandler(IAppDbContext db, IReminderScheduler scheduler)
    : IRequestHandler<RescheduleMissingRemindersCommand, int>
{
    public async ValueTask<int> Handle(RescheduleMissingRemindersCommand command, CancellationToken cancellationToken)
    {
        var planned = await db.FollowUps.AsNoTracking()
            .Where(f => f.Status == FollowUpStatus.Planned)
            .Select(f => new { f.Id, f.MunicipalityCode, f.DueAt })
            .ToListAsync(cancellationToken);
        var scheduled = await scheduler.NextFireTimes(planned.Select(f => f.Id).ToList(), cancellationToken);
        var missing = planned.Where(f => !scheduled.ContainsKey(f.Id)).ToList();
        foreach (var followUp in missing)
        {
            await scheduler.ScheduleFollowUp(followUp.Id, followUp.MunicipalityCode, followUp.DueAt, cancellationToken);
        }

        return missing.Count;
    }
}
