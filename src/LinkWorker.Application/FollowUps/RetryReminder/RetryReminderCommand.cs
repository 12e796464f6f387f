using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.RetryReminder;

/// <summary>
/// Administrators: schedule a planned follow-up's reminder again (one the reminders view shows without a trigger),
/// without waiting for the hourly repair. Scheduling twice replaces, so a reminder that is there is unharmed. Audited.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record RetryReminderCommand(Guid FollowUpId) : IRequest<bool>, IAuditedRequest;

internal sealed class RetryReminderHandler(IAppDbContext db, IReminderScheduler scheduler, AfterCommit afterCommit, IAuditTrail audit)
    : IRequestHandler<RetryReminderCommand, bool>
{
    public async ValueTask<bool> Handle(RetryReminderCommand command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.AsNoTracking().SingleOrDefaultAsync(f => f.Id == command.FollowUpId, cancellationToken)
            ?? throw new NotFoundException(nameof(FollowUp));
        if (followUp.Status != FollowUpStatus.Planned)
        {
            throw new ConflictException($"Only a planned follow-up has a reminder to schedule; this one is {followUp.Status}.");
        }

        audit.Record(nameof(FollowUp), followUp.Id);
        // After the commit: on SQLite the scheduler's own connection would wait on this transaction.
        afterCommit.Add(ct => scheduler.ScheduleFollowUp(followUp.Id, followUp.MunicipalityCode, followUp.DueAt, ct));
        return true;
    }
}
