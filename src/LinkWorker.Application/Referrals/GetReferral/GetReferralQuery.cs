using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Referrals.GetReferral;

/// <summary>The status view of one referral: its referrer, the case's guide, or a coordinator may read it.</summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator)]
public sealed record GetReferralQuery(Guid ReferralId) : IRequest<ReferralView>, ICitizenDataRequest;
