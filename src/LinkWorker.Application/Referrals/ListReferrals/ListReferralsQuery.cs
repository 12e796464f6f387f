using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Referrals;
using Mediator;
using Microsoft.EntityFrameworkCore;

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

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsQuery>
{
    public ListReferralsValidator()
    {
        RuleFor(q => q.Status).IsInEnum();
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListReferralsQuery.List, 2)).WithMessage(PageCursor.Refused);
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
            .WithMessage("'to' must not be before 'from'.");
    }
}

internal sealed class ListReferralsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents)
    : IRequestHandler<ListReferralsQuery, CursorPage<ReferralView>>
{
    public async ValueTask<CursorPage<ReferralView>> Handle(ListReferralsQuery query, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Of(query.PageSize);
        var rows = ReferralViews.Visible(db, user);
        if (query.From is { } from)
        {
            rows = rows.Where(r => r.Referral.ReceivedAt >= from);
        }

        if (query.To is { } to)
        {
            rows = rows.Where(r => r.Referral.ReceivedAt <= to);
        }

        var after = PageCursor.TryDecode(query.Cursor, ListReferralsQuery.List, 2, out var keys) ? (At: keys.Time(0), Id: keys.Id(1)) : ((DateTimeOffset At, Guid Id)?)null;
        if (query.Status is { } status && !user.IsInRole(Roles.Coordinator))
        {
            // A referrer's filter must judge the status they may see, or it would reveal what the consent hides; a
            // referrer's own referrals are few, so they are judged in memory and paged there, in the same order.
            var all = await rows.Select(ReferralViews.Projection).ToListAsync(cancellationToken);
            var visible = (await ReferralViews.AsSeenBy(db, user, consents, all, cancellationToken))
                .Where(v => v.Status == status)
                .OrderByDescending(v => v.ReceivedAt).ThenByDescending(v => v.Id)
                .Where(v => after is not { } a || v.ReceivedAt < a.At || (v.ReceivedAt == a.At && v.Id.CompareTo(a.Id) < 0))
                .Take(pageSize + 1).ToList();
            return Audited(PageSizes.Cut(visible, pageSize, v => v, Cursor));
        }

        if (query.Status is { } coordinatorStatus)
        {
            var caseStatuses = CaseStatusesFor(coordinatorStatus);
            rows = rows.Where(r => caseStatuses.Contains(r.Case.Status));
        }

        if (after is { } cursor)
        {
            rows = rows.Where(r => r.Referral.ReceivedAt < cursor.At || (r.Referral.ReceivedAt == cursor.At && r.Referral.Id.CompareTo(cursor.Id) < 0));
        }

        var items = await rows
            .OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id)
            .Take(pageSize + 1)
            .Select(ReferralViews.Projection)
            .ToListAsync(cancellationToken);

        var page = PageSizes.Cut(items, pageSize, v => v, Cursor);
        return Audited(page with { Items = await ReferralViews.AsSeenBy(db, user, consents, page.Items, cancellationToken) });
    }

    private static string Cursor(ReferralView view) => PageCursor.Encode(ListReferralsQuery.List, view.ReceivedAt, view.Id);

    // One audit record for the page, naming every referral shown (ADR 7).
    private CursorPage<ReferralView> Audited(CursorPage<ReferralView> page)
    {
        audit.RecordList(nameof(Referral), page.Items.Select(i => i.Id).ToList());
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
