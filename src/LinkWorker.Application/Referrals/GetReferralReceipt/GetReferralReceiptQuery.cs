using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Referrals;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.GetReferralReceipt;

/// <summary>
/// Where a referral went, in words its sender can read right after sending it: the guide and the district, or
/// the coordinator's triage. Only the referral's own sender may ask; guides and coordinators read the case instead.
/// </summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator)]
public sealed record GetReferralReceiptQuery(Guid ReferralId) : IRequest<ReferralReceipt>, ICitizenDataRequest;

/// <summary>GuideName is null when the referral waits in the coordinator's triage (TriageReason says why).</summary>
public sealed record ReferralReceipt(
    Guid ReferralId, DateTimeOffset ReceivedAt, ReferralStatus Status, string? GuideName, string? DistrictName, string? TriageReason, bool AttachedToExistingCase);

internal sealed class GetReferralReceiptHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<GetReferralReceiptQuery, ReferralReceipt>
{
    public async ValueTask<ReferralReceipt> Handle(GetReferralReceiptQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var row = await ReferralViews.Visible(db, user)
            .Where(r => r.Referral.Id == query.ReferralId && r.Referral.ReferrerUserId == me)
            .Select(r => new { r.Referral.Id, r.Referral.CaseId, r.Referral.ReceivedAt, r.Case.Status, r.Case.AssignedGuideId, r.Case.OpenedAt, r.Citizen.Address.Postcode })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException(nameof(Referral));
        audit.Record(nameof(Referral), row.Id);

        var guideName = row.AssignedGuideId is { } guideId
            ? await db.Guides.AsNoTracking().Where(g => g.Id == guideId).Select(g => g.DisplayName).SingleOrDefaultAsync(cancellationToken)
            : null;
        var districts = await db.Districts.AsNoTracking().ToListAsync(cancellationToken);
        var decisions = await db.RoutingDecisions.AsNoTracking().Where(d => d.CaseId == row.CaseId).ToListAsync(cancellationToken);
        var last = decisions.OrderBy(d => d.DecidedAt).LastOrDefault();
        var triageReason = guideName is null && last is { Reasons.Count: > 0 } ? last.Reasons[0] : null;

        return new ReferralReceipt(
            row.Id, row.ReceivedAt, ReferralStatusMapping.From(row.Status), guideName, District.Covering(districts, row.Postcode)?.Name,
            triageReason, row.ReceivedAt > row.OpenedAt);
    }
}
