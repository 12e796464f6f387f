using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.FireFollowUp;

/// <summary>The scheduler's reminder for one follow-up fell due. Safe to send twice.</summary>
[Authorize(Roles.System)]
public sealed record FireFollowUpCommand(Guid FollowUpId) : IRequest<bool>, ICitizenDataRequest;

/// <summary>
/// The follow-up becomes due: the guide gets a task, the citizen a check-in message if (and only if) their
/// consent for such messages is active. A second firing finds it due already and does nothing; the outbox's
/// deduplication keys hold even if it got further. Escalation is not scheduled here: a periodic scan finds the
/// follow-ups left due (ADR 0011). Every firing is on the reminder hot path, so it reads only what it needs.
/// </summary>
internal sealed class FireFollowUpHandler(
    IAppDbContext db, IAuditTrail audit, Outbox outbox, ConsentGate consents, TimeProvider clock, AfterCommit afterCommit, LinkWorkerMetrics metrics)
    : IRequestHandler<FireFollowUpCommand, bool>
{
    public async ValueTask<bool> Handle(FireFollowUpCommand command, CancellationToken cancellationToken)
    {
        // The follow-up (tracked, it changes) and the two things of its case the firing needs, in one round trip.
        var found = await (
                from f in db.FollowUps
                where f.Id == command.FollowUpId
                join c in db.Cases on f.CaseId equals c.Id
                select new { FollowUp = f, Case = new { c.Id, c.AssignedGuideId, c.CitizenId } })
            .SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (found is null || !found.FollowUp.Fire(now))
        {
            return false;
        }

        var (followUp, @case) = (found.FollowUp, found.Case);
        audit.Record(nameof(FollowUp), followUp.Id);
        afterCommit.Add(() => metrics.ReminderFired(followUp.MunicipalityCode, followUp.Kind, followUp.DueAt, now));
        var key = $"follow-up:{followUp.Id:N}:due";

        if (@case.AssignedGuideId is { } guide)
        {
            await outbox.Add(
                $"{key}:in-app", followUp.MunicipalityCode, NotificationChannel.InApp, NotificationKind.FollowUpDue, guide, null, @case.Id, followUp.Id,
                NotificationTexts.FollowUpDue(followUp.Kind), NotificationTexts.FollowUpDueBody(followUp.Note), cancellationToken);
        }

        if (followUp.Kind == FollowUpKind.CheckInMessage && await consents.IsActive(@case.Id, ConsentScope.CheckInMessages, cancellationToken))
        {
            var citizen = await db.Citizens.AsNoTracking().SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
            audit.Record("Citizen", citizen.Id);
            var municipality = await db.Municipalities.AsNoTracking()
                .Where(m => m.Code == followUp.MunicipalityCode).Select(m => m.Name).SingleAsync(cancellationToken);
            var text = $"Hej {citizen.Name.Split(' ')[0]}. Din fællesskabsguide i {municipality} Kommune tænker på dig og kontakter dig snart. " +
                "Du er velkommen til at svare på denne besked.";
            if (citizen.Phone is { } phone && outbox.IsEnabled(NotificationChannel.Sms))
            {
                await outbox.Add($"{key}:sms", followUp.MunicipalityCode, NotificationChannel.Sms, NotificationKind.CheckInMessage, null, phone,
                    @case.Id, followUp.Id, "Hilsen fra din fællesskabsguide", text, cancellationToken);
            }

            if (citizen.Email is { } email && outbox.IsEnabled(NotificationChannel.Email))
            {
                await outbox.Add($"{key}:email", followUp.MunicipalityCode, NotificationChannel.Email, NotificationKind.CheckInMessage, null, email,
                    @case.Id, followUp.Id, "Hilsen fra din fællesskabsguide", text, cancellationToken);
            }
        }

        return true;
    }
}
