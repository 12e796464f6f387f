using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Referrals;

/// <summary>What the referrer sees of a referral's progress — never the guide's notes.</summary>
public enum ReferralStatus
{
    Received,
    Assigned,
    Contacted,
    InProgress,
    Closed,
}

internal static class ReferralStatusMapping
{
    public static ReferralStatus From(CaseStatus status) => status switch
    {
        CaseStatus.Referred => ReferralStatus.Received,
        CaseStatus.Assigned => ReferralStatus.Assigned,
        CaseStatus.Contacted => ReferralStatus.Contacted,
        CaseStatus.Active => ReferralStatus.InProgress,
        CaseStatus.Closed => ReferralStatus.Closed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
