using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Referrals;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.GetReferral;

/// <summary>The status view of one referral: its referrer, the case's guide, or a coordinator may read it.</summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator)]
public sealed record GetReferralQuery(Guid ReferralId) : IRequest<ReferralView>, ICitizenDataRequest;

internal sealed class GetReferralHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents)
    : IRequestHandler<GetReferralQuery, ReferralView>
{
    public async ValueTask<ReferralView> Handle(GetReferralQuery query, CancellationToken cancellationToken)
    {
        var view = await ReferralViews.Visible(db, user)
            .Where(r => r.Referral.Id == query.ReferralId)
            .Select(ReferralViews.Projection)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(Referral));

        audit.Record(nameof(Referral), view.Id);
        return (await ReferralViews.AsSeenBy(db, user, consents, [view], cancellationToken))[0];
    }
}
