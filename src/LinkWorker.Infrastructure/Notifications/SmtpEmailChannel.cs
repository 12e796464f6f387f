using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using System.Text;
using LinkWorker.Application.Notifications;
using LinkWorker.Domain.Notifications;
using Microsoft.Extensions.Options;

namespace LinkWorker.Infrastructure.Notifications;

public sealed class EmailChannelOptions
{
    public const string Section = "Notifications:Email";

    public bool Enabled { get; set; }

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? From { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool EnableSsl { get; set; }

    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>
/// E-mail over SMTP, one connection per message (the dispatcher sends one at a time). Errors never carry the
/// address or the text: an SMTP server's reply may quote the recipient, so it is replaced by its status code.
/// </summary>
public sealed class SmtpEmailChannel(IOptions<EmailChannelOptions> options) : INotificationChannel
{
    public NotificationChannel Channel => NotificationChannel.Email;

    public bool IsEnabled => options.Value.Enabled;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        if (!settings.Enabled)
        {
            throw new InvalidOperationException($"E-mail is switched off ({EmailChannelOptions.Section}:Enabled).");
        }

        using var mail = new MailMessage(new MailAddress(settings.From!), new MailAddress(message.Destination))
        {
            Subject = message.Subject,
            Body = message.Body,
            IsBodyHtml = false,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
        };
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = settings.EnableSsl,
        };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        // SmtpClient.Timeout only governs the synchronous Send; the async send is bounded by cancellation.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            await client.SendMailAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout is a failed delivery to retry, not a cancellation of the caller's work.
            throw new TimeoutException($"The SMTP server did not finish within {settings.TimeoutSeconds} s.");
        }
        catch (SmtpException ex)
        {
            // Keep a network failure as the cause (it names no person); drop the server's reply, which may.
            var cause = ex.InnerException is IOException or SocketException ? ex.InnerException : null;
            throw new SmtpException($"SMTP delivery failed: {ex.StatusCode} ({(int)ex.StatusCode}).", cause) { StatusCode = ex.StatusCode };
        }
    }
}
