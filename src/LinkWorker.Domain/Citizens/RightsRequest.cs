using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Citizens;

public enum RightsRequestKind
{
    /// <summary>Erase the citizen's personal data (GDPR art. 17); the de-identified facts stay.</summary>
    Erasure,

    /// <summary>Keep the data but stop processing it (GDPR art. 18).</summary>
    Restriction,

    /// <summary>End a restriction (the citizen is told first, art. 18(3)).</summary>
    LiftRestriction,
}

public enum RightsRequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A citizen's request for erasure or restriction as a coordinator filed it, with the reason (the legal ground).
/// It takes effect only when a different coordinator approves it: four eyes on an irreversible step.
/// </summary>
public sealed class RightsRequest : IMunicipalityScoped, IVersioned
{
    private RightsRequest()
    {
    }

    public RightsRequest(Guid id, string municipalityCode, Guid citizenId, RightsRequestKind kind, string reason, Guid requestedBy, DateTimeOffset requestedAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CitizenId = citizenId;
        Kind = kind;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedAt = requestedAt;
        Status = RightsRequestStatus.Pending;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CitizenId { get; private set; }

    public RightsRequestKind Kind { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid RequestedBy { get; private set; }

    public DateTimeOffset RequestedAt { get; private set; }

    public RightsRequestStatus Status { get; private set; }

    public Guid? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public string? DecisionNote { get; private set; }

    public int Version { get; set; }

    /// <summary>Approves or rejects; the coordinator who filed the request cannot decide it.</summary>
    public void Decide(bool approve, string? note, Guid by, DateTimeOffset at)
    {
        if (Status != RightsRequestStatus.Pending)
        {
            throw new DomainRuleException($"The request was {Status.ToString().ToLowerInvariant()} already.");
        }

        if (by == RequestedBy)
        {
            throw new SecondApproverRequiredException();
        }

        Status = approve ? RightsRequestStatus.Approved : RightsRequestStatus.Rejected;
        DecidedBy = by;
        DecidedAt = at;
        DecisionNote = note;
    }
}

/// <summary>The coordinator who filed a request tried to decide it.</summary>
public sealed class SecondApproverRequiredException()
    : DomainRuleException("A different coordinator than the one who filed the request must decide it.");

/// <summary>The citizen's processing is restricted (GDPR art. 18): their data is kept, but no new work is recorded.</summary>
public sealed class ProcessingRestrictedException()
    : DomainRuleException("Processing of this citizen's data is restricted: it is kept, but nothing new can be recorded until the restriction is lifted.");
