using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.FlagOverdueFirstContacts;

/// <summary>The daily check: cases of the caller's municipality past their first-contact deadline notify their guide (or the coordinators).</summary>
[Authorize(Roles.System)]
public sealed record FlagOverdueFirstContactsCommand : IRequest<int>;

internal sealed class FlagOverdueFirstContactsHandler(IAppDbContext db, ICurrentUser user, Outbox outbox, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<FlagOverdueFirstContactsCommand, int>
{
    public async ValueTask<int> Handle(FlagOverdueFirstContactsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var municipality = await db.Municipalities.AsNoTracking().SingleAsync(m => m.Code == user.RequiredMunicipalityCode, cancellationToken);
        var waiting = await db.Cases.AsNoTracking()
            .Where(c => c.Status != CaseStatus.Closed && c.FirstContactAt == null)
            .ToListAsync(cancellationToken);
        var overdue = waiting.Where(c => FirstContactDeadline.Of(c, now)?.Overdue == true).ToList();
        var coordinators = overdue.Any(c => c.AssignedGuideId is null)
            ? await users.UsersInRole(municipality.Code, Roles.Coordinator, cancellationToken)
            : [];

        var flagged = 0;
        foreach (var @case in overdue)
        {
            IReadOnlyList<Guid> recipients = @case.AssignedGuideId is { } guide ? [guide] : coordinators;
            foreach (var recipient in recipients)
            {
                if (await outbox.Add(
                        $"first-contact-overdue:{@case.Id:N}:{recipient:N}", municipality.Code, NotificationChannel.InApp, NotificationKind.FirstContactOverdue,
                        recipient, null, @case.Id, null, NotificationTexts.FirstContactOverdue,
                        NotificationTexts.FirstContactOverdueBody(DanishTime.DateOf(@case.OpenedAt), @case.FirstContactWorkingDays),
                        cancellationToken))
                {
                    flagged++;
                }
            }
        }

        return flagged;
    }
}
