using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Queues.GetQueue;

/// <summary>
/// The guide's own new and active cases, most urgent first, overdue first contacts flagged; one keyset page at a
/// time (<see cref="PageSizes"/>), continued with the previous page's <c>NextCursor</c>.
/// </summary>
[Authorize(Roles.Guide)]
public sealed record GetQueueQuery(string? Cursor = null, int? PageSize = null) : IRequest<CursorPage<QueueItem>>, ICitizenDataRequest
{
    internal const string List = "queue";
}

internal sealed class GetQueueHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<GetQueueQuery, CursorPage<QueueItem>>
{
    public async ValueTask<CursorPage<QueueItem>> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var page = await QueueItems.Page(
            db, user.RequiredMunicipalityCode, db.Cases.Where(c => c.AssignedGuideId == me && c.Status != CaseStatus.Closed),
            GetQueueQuery.List, query.Cursor, PageSizes.Of(query.PageSize), clock.GetUtcNow(), cancellationToken);

        // One audit record for the page, naming every case shown (ADR 7).
        audit.RecordList(nameof(Case), page.Items.Select(i => i.CaseId).ToList());
        return page;
    }
}

internal sealed class GetQueueValidator : AbstractValidator<GetQueueQuery>
{
    public GetQueueValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => QueueItems.IsValidCursor(c, GetQueueQuery.List)).WithMessage(PageCursor.Refused);
    }
}
