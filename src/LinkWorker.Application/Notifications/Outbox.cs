using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications;

/// <summary>
/// Adds notifications to the transactional outbox, in the caller's transaction. A deduplication key already
/// used adds nothing (and a unique index decides races), so a reminder handled twice notifies once per channel.
/// </summary>
internal sealed class Outbox(IAppDbContext db, IEnumerable<INotificationChannel> channels, TimeProvider clock)
{
    public bool IsEnabled(NotificationChannel channel) =>
        channel == NotificationChannel.InApp || channels.Any(c => c.Channel == channel && c.IsEnabled);

    /// <summary>A notification for staff, stored in Danish and English; the reader's request picks one.</summary>
    public Task<bool> Add(
        string deduplicationKey, string municipalityCode, NotificationChannel channel, NotificationKind kind, Guid? recipientUserId,
        string? destination, Guid? caseId, Guid? followUpId, Text title, Text body, CancellationToken cancellationToken) =>
        Add(deduplicationKey, municipalityCode, channel, kind, recipientUserId, destination, caseId, followUpId, title.Danish, body.Danish,
            cancellationToken, title.English, body.English);

    public async Task<bool> Add(
        string deduplicationKey, string municipalityCode, NotificationChannel channel, NotificationKind kind, Guid? recipientUserId,
        string? destination, Guid? caseId, Guid? followUpId, string title, string body, CancellationToken cancellationToken,
        string? englishTitle = null, string? englishBody = null)
    {
        if (await db.Notifications.AnyAsync(n => n.DeduplicationKey == deduplicationKey, cancellationToken)
            || db.Notifications.Local.Any(n => n.DeduplicationKey == deduplicationKey))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        db.Notifications.Add(new Notification(
            Guid.CreateVersion7(now), municipalityCode, deduplicationKey, channel, kind, recipientUserId, destination, caseId, followUpId, title, body, now,
            englishTitle, englishBody));
        return true;
    }
}
