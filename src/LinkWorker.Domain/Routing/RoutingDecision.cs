using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Routing;

public enum RoutingKind
{
    /// <summary>The rules chose, when the referral arrived or the case reopened.</summary>
    Automatic,

    /// <summary>A coordinator assigned or reassigned the case.</summary>
    Assignment,

    /// <summary>The guide handed the case back to triage.</summary>
    HandBack,

    /// <summary>Whoever registered a self-referral sent it to the triage queue instead of routing it.</summary>
    Triage,
}

/// <summary>Why a case went where it went; the coordinator reads these on the case.</summary>
public sealed class RoutingDecision : IMunicipalityScoped
{
    private RoutingDecision()
    {
    }

    public RoutingDecision(
        Guid id, string municipalityCode, Guid caseId, DateTimeOffset decidedAt, RoutingKind kind, Guid? guideId,
        IReadOnlyList<string> reasons, Guid? decidedByUserId, string? decidedByName = null)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        DecidedAt = decidedAt;
        Kind = kind;
        GuideId = guideId;
        Reasons = reasons;
        DecidedByUserId = decidedByUserId;
        DecidedByName = decidedByName;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public DateTimeOffset DecidedAt { get; private set; }

    public RoutingKind Kind { get; private set; }

    /// <summary>The guide chosen; null means the coordinator's triage queue.</summary>
    public Guid? GuideId { get; private set; }

    public IReadOnlyList<string> Reasons { get; private set; } = [];

    /// <summary>Retention or erasure: the reasons go (a hand-back or assignment reason is free text about the citizen).</summary>
    public void ErasePersonalData() => Reasons = [];

    /// <summary>The coordinator or guide who decided; null for the automatic rules.</summary>
    public Guid? DecidedByUserId { get; private set; }

    /// <summary>The decider's display name at the time, so the history reads as people, not ids.</summary>
    public string? DecidedByName { get; private set; }
}
