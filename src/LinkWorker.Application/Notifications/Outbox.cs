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
        string? englishTitle = null, string? englishBody = null) =>
        await Add(
            [new OutboxMessage(deduplicationKey, municipalityCode, channel, kind, recipientUserId, destination, caseId, followUpId, title, body, englishTitle, englishBody)],
            cancellationToken) == 1;

    /// <summary>
    /// Many messages with one look-up of the keys already used (a batch of reminders, ADR 0020). Returns how many
    /// were added; a key used before, or twice in the batch, adds nothing.
    /// </summary>
    public async Task<int> Add(IReadOnlyCollection<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return 0;
        }

        var keys = messages.Select(m => m.DeduplicationKey).Distinct().ToList();
        var used = (await db.Notifications.Where(n => keys.Contains(n.DeduplicationKey)).Select(n => n.DeduplicationKey).ToListAsync(cancellationToken))
            .Concat(db.Notifications.Local.Select(n => n.DeduplicationKey))
            .ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = 0;
        foreach (var m in messages.Where(m => used.Add(m.DeduplicationKey)))
        {
            db.Notifications.Add(new Notification(
                Guid.CreateVersion7(now), m.MunicipalityCode, m.DeduplicationKey, m.Channel, m.Kind, m.RecipientUserId, m.Destination, m.CaseId,
                m.FollowUpId, m.Title, m.Body, now, m.EnglishTitle, m.EnglishBody));
            added++;
        }

        return added;
    }
}

/// <summary>One message for <see cref="Outbox"/>; the English texts are for staff notifications only.</summary>
internal sealed record OutboxMessage(
    string DeduplicationKey, string MunicipalityCode, NotificationChannel Channel, NotificationKind Kind, Guid? RecipientUserId,
    string? Destination, Guid? CaseId, Guid? FollowUpId, string Title, string Body, string? EnglishTitle = null, string? EnglishBody = null)
{
    public static OutboxMessage Staff(
        string deduplicationKey, string municipalityCode, NotificationKind kind, Guid recipientUserId, Guid? caseId, Guid? followUpId, Text title, Text body) =>
        new(deduplicationKey, municipalityCode, NotificationChannel.InApp, kind, recipientUserId, null, caseId, followUpId, title.Danish, body.Danish,
            title.English, body.English);
}
