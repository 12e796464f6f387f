namespace LinkWorker.Application.Common.Auditing;

/// <summary>
/// The audit notes of the current request. Handlers record each citizen-data entity they read or write; the
/// database context turns the notes into append-only audit rows in the same transaction as the work.
/// </summary>
public interface IAuditTrail
{
    /// <summary>The use case being audited, such as "GetReferral".</summary>
    string Action { get; }

    void Record(string entityType, Guid? entityId);

    /// <summary>
    /// A list read: one audit record naming every entity shown (ADR 7), not one record per row. An empty list is
    /// still one record.
    /// </summary>
    void RecordList(string entityType, IReadOnlyCollection<Guid> entityIds);

    /// <summary>
    /// One read of one entity and what was shown with it (the case page: the case, its citizen, its conversations):
    /// one audit record about the entity, the others named as its subjects, each found by its id as a list read's
    /// are (ADR 7, ADR 32).
    /// </summary>
    void RecordWith(string entityType, Guid entityId, IReadOnlyCollection<Guid> alsoShown);

    /// <summary>Notes wait to be stored.</summary>
    bool HasPending { get; }

    /// <summary>Takes the notes not yet stored; each note is stored once.</summary>
    IReadOnlyList<AuditNote> Drain();

    /// <summary>Puts drained notes back when the save that was to store them failed (a handler may retry it).</summary>
    void Restore(IReadOnlyList<AuditNote> notes);
}

public sealed record AuditNote(string Action, string EntityType, Guid? EntityId, string Outcome)
{
    /// <summary>The entities a list read showed; null for a note about one entity.</summary>
    public IReadOnlyList<Guid>? ShownIds { get; init; }
}

public static class AuditOutcome
{
    public const string Succeeded = nameof(Succeeded);
    public const string Denied = nameof(Denied);
}

/// <summary>Marks a request that reads or writes citizen data: it is always audited, also when it finds nothing.</summary>
#pragma warning disable CA1040 // A marker read by the audit behaviour.
public interface ICitizenDataRequest;

/// <summary>Marks a change to accounts or clients (ADR 0013): audited like citizen data, success and denial alike.</summary>
public interface IAuditedRequest;
#pragma warning restore CA1040

internal sealed class AuditTrail : IAuditTrail
{
    private readonly List<AuditNote> _pending = [];

    public string Action { get; private set; } = "Unknown";

    public bool AnyRecorded { get; private set; }

    public void Begin(string action) => Action = action;

    public void Record(string entityType, Guid? entityId) => Add(entityType, entityId, AuditOutcome.Succeeded);

    public void RecordList(string entityType, IReadOnlyCollection<Guid> entityIds)
    {
        _pending.Add(new AuditNote(Action, entityType, null, AuditOutcome.Succeeded) { ShownIds = entityIds.Distinct().ToArray() });
        AnyRecorded = true;
    }

    public void RecordWith(string entityType, Guid entityId, IReadOnlyCollection<Guid> alsoShown)
    {
        _pending.Add(new AuditNote(Action, entityType, entityId, AuditOutcome.Succeeded)
        {
            ShownIds = alsoShown.Where(id => id != entityId).Distinct().ToArray(),
        });
        AnyRecorded = true;
    }

    public void Add(string entityType, Guid? entityId, string outcome)
    {
        _pending.Add(new AuditNote(Action, entityType, entityId, outcome));
        AnyRecorded = true;
    }

    public void DiscardPending() => _pending.Clear();

    public bool HasPending => _pending.Count > 0;

    public void Restore(IReadOnlyList<AuditNote> notes) => _pending.InsertRange(0, notes);

    public IReadOnlyList<AuditNote> Drain()
    {
        var notes = _pending.ToArray();
        _pending.Clear();
        return notes;
    }
}
