using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.ListReferrals;

internal sealed class ListReferralsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
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

        if (query.Status is { } status)
        {
            var caseStatuses = CaseStatusesFor(status);
            rows = rows.Where(r => caseStatuses.Contains(r.Case.Status));
        }

        var total = await rows.CountAsync(cancellationToken);
        var items = await rows
            .OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(ReferralViews.Projection)
            .ToListAsync(cancellationToken);

        foreach (var item in items)
        {
            audit.Record(nameof(Referral), item.Id);
        }

        return new Page<ReferralView>(items, query.Page, query.PageSize, total);
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
