namespace LinkWorker.Domain.Auditing;

/// <summary>
/// One entity a list read showed, belonging to that read's single audit entry. Looked up by entity id, so "who saw
/// this citizen" finds list reads as well as reads of the one case. Append-only like the entries.
/// </summary>
public sealed class AuditEntrySubject
{
    private AuditEntrySubject()
    {
    }

    public AuditEntrySubject(Guid auditEntryId, Guid entityId, DateTimeOffset at)
    {
        AuditEntryId = auditEntryId;
        EntityId = entityId;
        At = at;
    }

    public Guid EntityId { get; private set; }

    public Guid AuditEntryId { get; private set; }

    /// <summary>
    /// The entry's time, copied so one entity's list reads are an index range newest first (ADR 31); the entry's own
    /// time is what the chain seals.
    /// </summary>
    public DateTimeOffset At { get; private set; }
}
