using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Referrals.ListReferrals;

/// <summary>A referrer's own referrals, or all of a coordinator's municipality; newest first.</summary>
[Authorize(Roles.Referrer, Roles.Coordinator)]
public sealed record ListReferralsQuery(
    ReferralStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = 50) : IRequest<Page<ReferralView>>, ICitizenDataRequest;

public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount);
