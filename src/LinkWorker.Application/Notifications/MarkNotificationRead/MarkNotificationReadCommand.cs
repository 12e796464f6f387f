using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.MarkNotificationRead;

[Authorize]
public sealed record MarkNotificationReadCommand(Guid NotificationId) : IRequest<bool>;

internal sealed class MarkNotificationReadHandler(IAppDbContext db, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<MarkNotificationReadCommand, bool>
{
    public async ValueTask<bool> Handle(MarkNotificationReadCommand command, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == command.NotificationId && n.RecipientUserId == me, cancellationToken)
            ?? throw new NotFoundException(nameof(Notification));
        notification.MarkRead(clock.GetUtcNow());
        return true;
    }
}
