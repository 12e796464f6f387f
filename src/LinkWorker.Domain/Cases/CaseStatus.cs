namespace LinkWorker.Domain.Cases;

public enum CaseStatus
{
    /// <summary>Received, waiting for a guide (routing or the coordinator's triage).</summary>
    Referred,
    Assigned,
    Contacted,
    Active,
    Closed,
}

public enum ClosureReason
{
    InCommunity,
    Declined,
    Unreachable,
    Redirected,
    MovedAway,
    Deceased,
}
