using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.EscalateOverdueFollowUps;

/// <summary>
/// The periodic escalation scan: follow-ups of the caller's municipality still due
/// <c>EscalateFollowUpsAfterDays</c> after their due time are escalated to the coordinators, at most
/// <paramref name="BatchSize"/> per call (one transaction). Returns how many were escalated; a full batch means there
/// may be more. Safe to send twice.
/// </summary>
[Authorize(Roles.System)]
public sealed record EscalateOverdueFollowUpsCommand(int BatchSize = EscalateOverdueFollowUpsCommand.DefaultBatchSize) : IRequest<int>, ICitizenDataRequest
{
    public const int DefaultBatchSize = 200;
}

/// <summary>
/// Escalates by query rather than by one scheduler job per follow-up (ADR 0011): the candidates are read through
/// the filtered index <c>IX_FollowUps_Escalation</c>, oldest first. A follow-up completed meanwhile is no longer
/// due and is not picked; one completed during the batch makes the batch conflict and roll back, and the next run
/// tries again. The outbox's keys are the same as for the single escalation before, so nothing is sent twice.
/// </summary>
internal sealed class EscalateOverdueFollowUpsHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, Outbox outbox, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<EscalateOverdueFollowUpsCommand, int>
{
    public async ValueTask<int> Handle(EscalateOverdueFollowUpsCommand command, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(command.BatchSize, 1, nameof(command));
        var now = clock.GetUtcNow();
        var municipality = await db.Municipalities.AsNoTracking().SingleAsync(m => m.Code == user.RequiredMunicipalityCode, cancellationToken);
        var dueBefore = now.AddDays(-municipality.EscalateFollowUpsAfterDays);
        var overdue = await db.FollowUps
            .Where(f => f.Status == FollowUpStatus.Due && f.EscalatedAt == null && f.DueAt <= dueBefore)
            .OrderBy(f => f.DueAt)
            .Take(command.BatchSize)
            .ToListAsync(cancellationToken);
        if (overdue.Count == 0)
        {
            return 0;
        }

        var coordinators = await users.UsersInRole(municipality.Code, Roles.Coordinator, cancellationToken);
        var escalated = 0;
        foreach (var followUp in overdue.Where(f => f.Escalate(now)))
        {
            escalated++;
            audit.Record(nameof(FollowUp), followUp.Id);
            foreach (var coordinator in coordinators)
            {
                await outbox.Add(
                    $"follow-up:{followUp.Id:N}:escalated:{coordinator:N}", followUp.MunicipalityCode, NotificationChannel.InApp,
                    NotificationKind.FollowUpEscalated, coordinator, null, followUp.CaseId, followUp.Id,
                    NotificationTexts.FollowUpEscalated, NotificationTexts.FollowUpEscalatedBody(DanishTime.DateOf(followUp.DueAt)), cancellationToken);
            }
        }

        return escalated;
    }
}
