using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Notifications;

public enum NotificationChannel
{
    /// <summary>The user's task list in LinkWorker; always on.</summary>
    InApp,
    Email,
    Sms,
}

public enum NotificationKind
{
    FollowUpDue,
    FollowUpEscalated,
    FirstContactOverdue,
    CheckInMessage,
}

public enum NotificationStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// The transactional outbox: every notification is stored in the same transaction as the event that causes it,
/// then delivered (in-app at once; e-mail and SMS by the dispatcher, with retries). The deduplication key is
/// unique, so an event handled twice still yields one notification per channel.
/// </summary>
public sealed class Notification : IMunicipalityScoped
{
    public const int MaxAttempts = 6;

    private Notification()
    {
    }

    public Notification(
        Guid id, string municipalityCode, string deduplicationKey, NotificationChannel channel, NotificationKind kind,
        Guid? recipientUserId, string? destination, Guid? caseId, Guid? followUpId, string title, string body, DateTimeOffset createdAt,
        string? englishTitle = null, string? englishBody = null)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        DeduplicationKey = deduplicationKey;
        Channel = channel;
        Kind = kind;
        RecipientUserId = recipientUserId;
        Destination = destination;
        CaseId = caseId;
        FollowUpId = followUpId;
        Title = title;
        Body = body;
        EnglishTitle = englishTitle;
        EnglishBody = englishBody;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
        Status = channel == NotificationChannel.InApp ? NotificationStatus.Sent : NotificationStatus.Pending;
        SentAt = channel == NotificationChannel.InApp ? createdAt : null;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public string DeduplicationKey { get; private set; } = "";

    public NotificationChannel Channel { get; private set; }

    public NotificationKind Kind { get; private set; }

    /// <summary>The staff member it is for (in-app); null for messages to the citizen.</summary>
    public Guid? RecipientUserId { get; private set; }

    /// <summary>E-mail address or phone number for outgoing messages; never logged.</summary>
    public string? Destination { get; private set; }

    public Guid? CaseId { get; private set; }

    public Guid? FollowUpId { get; private set; }

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>The title in English, for staff who read English; null when only the (Danish) title exists.</summary>
    public string? EnglishTitle { get; private set; }

    public string? EnglishBody { get; private set; }

    public NotificationStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The last delivery error: an exception type and status, never message content.</summary>
    public string? LastError { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>
    /// Retention or erasure: where it went (the citizen's phone or e-mail), its body (which may quote a follow-up's
    /// note) and the last error go; kind, channel, title and times stay.
    /// </summary>
    public void ErasePersonalData()
    {
        Destination = null;
        Body = "";
        EnglishBody = null;
        LastError = null;
    }

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    public void Delivered(DateTimeOffset at)
    {
        Attempts++;
        Status = NotificationStatus.Sent;
        SentAt = at;
        LastError = null;
    }

    /// <summary>Backs off 30 s, 2 min, 8 min, 32 min, ~2 h; gives up after <see cref="MaxAttempts"/> attempts.</summary>
    public void DeliveryFailed(string error, DateTimeOffset at)
    {
        Attempts++;
        LastError = error.Length > 300 ? error[..300] : error;
        if (Attempts >= MaxAttempts)
        {
            Status = NotificationStatus.Failed;
            return;
        }

        NextAttemptAt = at + TimeSpan.FromSeconds(30 * Math.Pow(4, Attempts - 1));
    }

    /// <summary>An administrator retries a failed message.</summary>
    public void Retry(DateTimeOffset at)
    {
        if (Status != NotificationStatus.Failed)
        {
            throw new DomainRuleException("Only a failed message can be retried.");
        }

        Status = NotificationStatus.Pending;
        Attempts = 0;
        NextAttemptAt = at;
    }
}
