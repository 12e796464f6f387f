using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Citizens;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.ListRightsRequests;

/// <summary>The municipality's erasure and restriction requests, newest first; by default those waiting for a decision.</summary>
[Authorize(Roles.Coordinator)]
public sealed record ListRightsRequestsQuery(RightsRequestStatus? Status = RightsRequestStatus.Pending) : IRequest<IReadOnlyList<RightsRequestView>>, ICitizenDataRequest;

internal sealed class ListRightsRequestsHandler(IAppDbContext db, IAuditTrail audit) : IRequestHandler<ListRightsRequestsQuery, IReadOnlyList<RightsRequestView>>
{
    public async ValueTask<IReadOnlyList<RightsRequestView>> Handle(ListRightsRequestsQuery query, CancellationToken cancellationToken)
    {
        var requests = await db.RightsRequests.AsNoTracking()
            .Where(r => query.Status == null || r.Status == query.Status)
            .OrderByDescending(r => r.RequestedAt).Take(500)
            .ToListAsync(cancellationToken);
        audit.RecordList(nameof(RightsRequest), requests.Select(r => r.Id).ToList());
        return requests.Select(RightsRequestView.Of).ToList();
    }
}
