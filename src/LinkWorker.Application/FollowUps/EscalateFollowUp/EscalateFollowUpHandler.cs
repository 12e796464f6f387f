using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.EscalateFollowUp;

internal sealed class EscalateFollowUpHandler(IAppDbContext db, IAuditTrail audit, Outbox outbox, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<EscalateFollowUpCommand, bool>
{
    public async Task<bool> Handle(EscalateFollowUpCommand command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.FollowUpId, cancellationToken);
        if (followUp is null || !followUp.Escalate(clock.GetUtcNow()))
        {
            return false;
        }

        audit.Record(nameof(FollowUp), followUp.Id);
        foreach (var coordinator in await users.UsersInRole(followUp.MunicipalityCode, Roles.Coordinator, cancellationToken))
        {
            await outbox.Add(
                $"follow-up:{followUp.Id:N}:escalated:{coordinator:N}", followUp.MunicipalityCode, NotificationChannel.InApp,
                NotificationKind.FollowUpEscalated, coordinator, null, followUp.CaseId, followUp.Id,
                "A follow-up is overdue", $"A follow-up due {followUp.DueAt:yyyy-MM-dd} has not been completed.", cancellationToken);
        }

        return true;
    }
}
