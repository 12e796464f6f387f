using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Referrals.ListReferrals;

/// <summary>
/// A referrer's own referrals, or all of a coordinator's municipality; newest first (then by id), one keyset page
/// at a time (<see cref="PageSizes"/>), continued with the previous page's <c>NextCursor</c>.
/// </summary>
[Authorize(Roles.Referrer, Roles.Coordinator)]
public sealed record ListReferralsQuery(
    ReferralStatus? Status = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Cursor = null,
    int? PageSize = null) : IRequest<CursorPage<ReferralView>>, ICitizenDataRequest
{
    internal const string List = "referrals";
}
