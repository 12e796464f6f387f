using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Referrals;

/// <summary>
/// A referral as its referrer may see it: progress, never notes, never the CPR number. A referrer sees more than
/// "assigned", and the closure's category, only while the citizen shares status with them.
/// </summary>
public sealed record ReferralView(
    Guid Id,
    Guid CaseId,
    ReferralStatus Status,
    ClosureCategory? ClosureCategory,
    ClosureReason? ClosureReason,
    DateTimeOffset ReceivedAt,
    string CitizenName,
    Sector Sector,
    Guid? OrganisationId,
    string? OrganisationName,
    Urgency Urgency,
    IReadOnlyList<LifeArena> LifeArenas,
    string? ReferringProfessional = null);

/// <summary>The coarse outcome a referrer may learn: not the precise reason.</summary>
public enum ClosureCategory
{
    /// <summary>The citizen found a community (goal reached).</summary>
    Completed,

    /// <summary>Declined, or could not be reached.</summary>
    NotStarted,

    /// <summary>Other help first (health, psychiatry, debt).</summary>
    Redirected,

    /// <summary>Moved away or died.</summary>
    Ended,
}

internal static class ClosureCategories
{
    public static ClosureCategory Of(ClosureReason reason) => reason switch
    {
        ClosureReason.InCommunity => ClosureCategory.Completed,
        ClosureReason.Declined or ClosureReason.Unreachable => ClosureCategory.NotStarted,
        ClosureReason.Redirected => ClosureCategory.Redirected,
        _ => ClosureCategory.Ended,
    };
}
