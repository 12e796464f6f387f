using System.Net.Mail;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.DispatchNotifications;

/// <summary>Delivers the caller's municipality's pending e-mail and SMS messages whose time has come; returns how many were tried.</summary>
[Authorize(Roles.System)]
public sealed record DispatchNotificationsCommand(int BatchSize = 100) : IRequest<int>, ISelfCommittingRequest;

/// <summary>
/// Sends due e-mail and SMS messages from the outbox, one at a time, saving each outcome at once: a slow SMTP
/// server never holds a database transaction open. A failure is retried with growing back-off, then marked failed
/// for administrators to see. Errors are stored as a type and status only, never with addresses or text.
/// </summary>
internal sealed class DispatchNotificationsHandler(
    IAppDbContext db, IEnumerable<INotificationChannel> channels, TimeProvider clock, ICurrentUser user, LinkWorkerMetrics metrics)
    : IRequestHandler<DispatchNotificationsCommand, int>
{
    public async ValueTask<int> Handle(DispatchNotificationsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.Notifications
            .Where(n => n.Status == NotificationStatus.Pending && n.Channel != NotificationChannel.InApp && n.NextAttemptAt <= now)
            .OrderBy(n => n.NextAttemptAt)
            .Take(command.BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var notification in due)
        {
            var channel = channels.FirstOrDefault(c => c.Channel == notification.Channel && c.IsEnabled);
            var failed = false;
            try
            {
                if (channel is null)
                {
                    throw new InvalidOperationException("channel switched off");
                }

                await channel.SendAsync(
                    new OutgoingMessage(notification.Id, notification.Destination ?? "", notification.Title, notification.Body), cancellationToken);
                notification.Delivered(clock.GetUtcNow());
            }
#pragma warning disable CA1031 // Any failure of a channel is recorded and retried; the batch goes on.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                notification.DeliveryFailed(Describe(ex), clock.GetUtcNow());
                failed = true;
            }

            await db.SaveChangesAsync(cancellationToken);
            RecordOutcome(notification, failed);
        }

        // What is left waiting (also messages backing off after a failure), for the outbox backlog gauge.
        var pending = await db.Notifications.Where(n => n.Status == NotificationStatus.Pending && n.Channel != NotificationChannel.InApp)
            .GroupBy(n => n.Channel).Select(g => new { Channel = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Channel, g => g.Count, cancellationToken);
        metrics.OutboxBacklog(user.RequiredMunicipalityCode, pending);
        return due.Count;
    }

    private void RecordOutcome(Notification notification, bool failed)
    {
        if (!failed)
        {
            metrics.MessageSent(notification.MunicipalityCode, notification.Channel);
        }
        else
        {
            metrics.SendFailed(notification.MunicipalityCode, notification.Channel, willRetry: notification.Status == NotificationStatus.Pending);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        SmtpException smtp => $"SMTP {smtp.StatusCode}",
        HttpRequestException http => $"HTTP {(int?)http.StatusCode}",
        InvalidOperationException { Message: "channel switched off" } => "channel switched off",
        _ => ex.GetType().Name,
    };
}
