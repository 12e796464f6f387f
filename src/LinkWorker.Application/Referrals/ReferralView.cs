using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Referrals;

/// <summary>
/// A referral as its referrer may see it: progress, never notes, never the CPR number.
/// </summary>
public sealed record ReferralView(
    Guid Id,
    Guid CaseId,
    ReferralStatus Status,
    ClosureReason? ClosureReason,
    DateTimeOffset ReceivedAt,
    string CitizenName,
    Sector Sector,
    Guid? OrganisationId,
    string? OrganisationName,
    Urgency Urgency,
    IReadOnlyList<LifeArena> LifeArenas);
