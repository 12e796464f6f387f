using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.RetryNotification;

/// <summary>Administrators: send a failed message again (for example after fixing the SMTP settings).</summary>
[Authorize(Roles.Administrator)]
public sealed record RetryNotificationCommand(Guid NotificationId) : IRequest<bool>;

internal sealed class RetryNotificationHandler(IAppDbContext db, TimeProvider clock) : IRequestHandler<RetryNotificationCommand, bool>
{
    public async ValueTask<bool> Handle(RetryNotificationCommand command, CancellationToken cancellationToken)
    {
        var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == command.NotificationId, cancellationToken)
            ?? throw new NotFoundException(nameof(Notification));
        notification.Retry(clock.GetUtcNow());
        return true;
    }
}
