using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.ListReferrals;

internal sealed class ListReferralsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents)
    : IRequestHandler<ListReferralsQuery, Page<ReferralView>>
{
    public async Task<Page<ReferralView>> Handle(ListReferralsQuery query, CancellationToken cancellationToken)
    {
        var rows = ReferralViews.Visible(db, user);
        if (query.From is { } from)
        {
            rows = rows.Where(r => r.Referral.ReceivedAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(r => r.Referral.ReceivedAt <= to);
        }

        if (query.Status is { } status && !user.IsInRole(Roles.Coordinator))
        {
            // A referrer's filter must judge the status they may see, or it would reveal what the consent hides.
            var all = await rows.OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id)
                .Select(ReferralViews.Projection).ToListAsync(cancellationToken);
            var visible = (await ReferralViews.AsSeenBy(db, user, consents, all, cancellationToken)).Where(v => v.Status == status).ToList();
            return Audited(new Page<ReferralView>(
                visible.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToList(), query.Page, query.PageSize, visible.Count));
        }

        if (query.Status is { } coordinatorStatus)
        {
            var caseStatuses = CaseStatusesFor(coordinatorStatus);
            rows = rows.Where(r => caseStatuses.Contains(r.Case.Status));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ReferralViews.Projection)
            .ToListAsync(cancellationToken);

        return Audited(new Page<ReferralView>(await ReferralViews.AsSeenBy(db, user, consents, items, cancellationToken), query.Page, query.PageSize, total));
    }

    private Page<ReferralView> Audited(Page<ReferralView> page)
    {
        foreach (var item in page.Items)
        {
            audit.Record(nameof(Referral), item.Id);
        }

        return page;
    }

    private static CaseStatus[] CaseStatusesFor(ReferralStatus status) => status switch
    {
        ReferralStatus.Received => [CaseStatus.Referred],
        ReferralStatus.Assigned => [CaseStatus.Assigned],
        ReferralStatus.Contacted => [CaseStatus.Contacted],
        ReferralStatus.InProgress => [CaseStatus.Active],
        _ => [CaseStatus.Closed],
    };
}
