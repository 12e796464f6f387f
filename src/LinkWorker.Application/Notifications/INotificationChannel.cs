using LinkWorker.Domain.Notifications;

namespace LinkWorker.Application.Notifications;

/// <summary>A way out of the system: e-mail over SMTP, SMS over an HTTP gateway. Throws when the message was not accepted.</summary>
public interface INotificationChannel
{
    NotificationChannel Channel { get; }

    /// <summary>False when the channel is switched off by configuration (both are off by default).</summary>
    bool IsEnabled { get; }

    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>What a channel delivers. Destination is an e-mail address or a phone number in E.164 form.</summary>
public sealed record OutgoingMessage(Guid NotificationId, string Destination, string Subject, string Body);
