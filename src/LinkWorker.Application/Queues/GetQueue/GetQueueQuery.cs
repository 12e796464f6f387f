using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Queues.GetQueue;

/// <summary>The guide's own new and active cases, most urgent first, overdue first contacts flagged.</summary>
[Authorize(Roles.Guide)]
public sealed record GetQueueQuery : IRequest<IReadOnlyList<QueueItem>>, ICitizenDataRequest;

internal sealed class GetQueueHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<GetQueueQuery, IReadOnlyList<QueueItem>>
{
    public async Task<IReadOnlyList<QueueItem>> Handle(GetQueueQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var items = await QueueItems.Build(
            db, user.RequiredMunicipalityCode, db.Cases.Where(c => c.AssignedGuideId == me && c.Status != CaseStatus.Closed), clock.GetUtcNow(), cancellationToken);
        foreach (var item in items)
        {
            audit.Record(nameof(Case), item.CaseId);
        }

        return items;
    }
}
