using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.FollowUps;

public enum FollowUpKind
{
    /// <summary>A task for the guide (a reminder only).</summary>
    GuideTask,

    /// <summary>The guide calls the citizen to check in.</summary>
    CheckInCall,

    /// <summary>A check-in message goes to the citizen by SMS or e-mail (with consent).</summary>
    CheckInMessage,
}

public enum FollowUpStatus
{
    Planned,
    Due,
    Completed,
    Cancelled,
}

/// <summary>
/// A planned check-in on a case. Its reminder fires once at the due time (the scheduler persists it across
/// restarts); firing again changes nothing. Not completed some days after it fell due, it is escalated.
/// </summary>
public sealed class FollowUp : Entity, IMunicipalityScoped, IVersioned
{
    private FollowUp()
    {
    }

    public FollowUp(Guid id, string municipalityCode, Guid caseId, DateTimeOffset dueAt, FollowUpKind kind, string? note, Guid createdBy, DateTimeOffset createdAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        DueAt = dueAt;
        Kind = kind;
        Note = note;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
        Status = FollowUpStatus.Planned;
        Raise(new FollowUpPlanned(id, municipalityCode, caseId, dueAt));
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public FollowUpKind Kind { get; private set; }

    public string? Note { get; private set; }

    public FollowUpStatus Status { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? FiredAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTimeOffset? EscalatedAt { get; private set; }

    public int Version { get; set; }

    /// <summary>Retention or erasure: the guide's note and a cancellation's reason go; kind and dates stay.</summary>
    public void ErasePersonalData()
    {
        Note = null;
        CancellationReason = null;
    }

    /// <summary>The reminder fired. Returns false when it had fired before or the follow-up is no longer planned.</summary>
    public bool Fire(DateTimeOffset at)
    {
        if (Status != FollowUpStatus.Planned)
        {
            return false;
        }

        Status = FollowUpStatus.Due;
        FiredAt = at;
        return true;
    }

    /// <summary>Returns false when there is nothing to escalate (completed, cancelled, or escalated already).</summary>
    public bool Escalate(DateTimeOffset at)
    {
        if (Status != FollowUpStatus.Due || EscalatedAt is not null)
        {
            return false;
        }

        EscalatedAt = at;
        return true;
    }

    public void Complete(DateTimeOffset at)
    {
        if (Status is not (FollowUpStatus.Planned or FollowUpStatus.Due))
        {
            throw new DomainRuleException($"A follow-up that is {Status} cannot be completed.");
        }

        Status = FollowUpStatus.Completed;
        CompletedAt = at;
        Raise(new FollowUpEnded(Id, CaseId, Status));
    }

    public void Cancel(string reason, DateTimeOffset at)
    {
        if (Status is not (FollowUpStatus.Planned or FollowUpStatus.Due))
        {
            throw new DomainRuleException($"A follow-up that is {Status} cannot be cancelled.");
        }

        Status = FollowUpStatus.Cancelled;
        CancelledAt = at;
        CancellationReason = reason;
        Raise(new FollowUpEnded(Id, CaseId, Status));
    }

    public bool IsPending => Status is FollowUpStatus.Planned or FollowUpStatus.Due;
}
