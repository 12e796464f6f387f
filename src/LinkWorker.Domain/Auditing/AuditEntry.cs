namespace LinkWorker.Domain.Auditing;

/// <summary>
/// One read or write of citizen data: who, in which role and municipality, did what to which entity, and when.
/// Append-only: the database refuses updates and deletes of these rows, and each row is a link of a hash chain that
/// shows any change made behind the application's back (ADR 25).
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(
        Guid id, DateTimeOffset at, Guid? userId, string roles, string? municipalityCode, string action,
        string entityType, Guid? entityId, string? correlationId, string outcome)
    {
        Id = id;
        At = at;
        UserId = userId;
        Roles = roles;
        MunicipalityCode = municipalityCode;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        CorrelationId = correlationId;
        Outcome = outcome;
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public Guid? UserId { get; private set; }

    public string Roles { get; private set; } = "";

    public string? MunicipalityCode { get; private set; }

    /// <summary>The use case, such as "GetReferral" or "SubmitReferral".</summary>
    public string Action { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public Guid? EntityId { get; private set; }

    public string? CorrelationId { get; private set; }

    /// <summary>"Succeeded" or "Denied".</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>Which of the parallel chains holds this row; null for rows written before the chain began.</summary>
    public int? Chain { get; private set; }

    /// <summary>The row's place in its chain, from 1 with no gaps.</summary>
    public long? Sequence { get; private set; }

    /// <summary>SHA-256 (hex) over this row's content, its subjects and the previous link's hash.</summary>
    public string? Hash { get; private set; }

    public void Seal(int chain, long sequence, string hash)
    {
        if (Hash is not null)
        {
            throw new InvalidOperationException("An audit entry is sealed once.");
        }

        (Chain, Sequence, Hash) = (chain, sequence, hash);
    }
}
