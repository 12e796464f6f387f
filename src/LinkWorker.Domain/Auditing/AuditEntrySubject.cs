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

    public AuditEntrySubject(Guid auditEntryId, Guid entityId)
    {
        AuditEntryId = auditEntryId;
        EntityId = entityId;
    }

    public Guid EntityId { get; private set; }

    public Guid AuditEntryId { get; private set; }
}
