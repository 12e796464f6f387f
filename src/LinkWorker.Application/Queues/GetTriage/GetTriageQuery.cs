using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Queues.GetTriage;

/// <summary>
/// Cases no rule could route (or handed back), with the reason, for the coordinator to assign; in the queue's order,
/// one keyset page at a time.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record GetTriageQuery(string? Cursor = null, int? PageSize = null) : IRequest<CursorPage<QueueItem>>, ICitizenDataRequest
{
    internal const string List = "triage";
}

internal sealed class GetTriageHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ReferenceDataCache reference, TimeProvider clock)
    : IRequestHandler<GetTriageQuery, CursorPage<QueueItem>>
{
    public async ValueTask<CursorPage<QueueItem>> Handle(GetTriageQuery query, CancellationToken cancellationToken)
    {
        var page = await QueueItems.Page(
            db, reference, user.RequiredMunicipalityCode, db.Cases.Where(c => c.Status == CaseStatus.Referred),
            GetTriageQuery.List, query.Cursor, PageSizes.Of(query.PageSize), clock.GetUtcNow(), cancellationToken);
        audit.RecordList(nameof(Case), page.Items.Select(i => i.CaseId).ToList());
        return page;
    }
}

internal sealed class GetTriageValidator : AbstractValidator<GetTriageQuery>
{
    public GetTriageValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => QueueItems.IsValidCursor(c, GetTriageQuery.List)).WithMessage(PageCursor.Refused);
    }
}
