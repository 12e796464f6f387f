using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps;

/// <summary>Keeps the scheduler in step with follow-ups: schedule on plan, unschedule on completion or cancellation — after the commit.</summary>
internal sealed class RemindersFollowFollowUps(IReminderScheduler scheduler, AfterCommit afterCommit)
    : IDomainEventHandler<FollowUpPlanned>, IDomainEventHandler<FollowUpEnded>
{
    public Task Handle(FollowUpPlanned domainEvent, CancellationToken cancellationToken)
    {
        afterCommit.Add(ct => scheduler.ScheduleFollowUp(domainEvent.FollowUpId, domainEvent.MunicipalityCode, domainEvent.DueAt, ct));
        return Task.CompletedTask;
    }

    public Task Handle(FollowUpEnded domainEvent, CancellationToken cancellationToken)
    {
        afterCommit.Add(ct => scheduler.Unschedule(domainEvent.FollowUpId, ct));
        return Task.CompletedTask;
    }
}
