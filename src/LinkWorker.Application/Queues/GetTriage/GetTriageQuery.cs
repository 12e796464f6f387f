using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Queues.GetTriage;

/// <summary>Cases no rule could route (or handed back), with the reason, for the coordinator to assign.</summary>
[Authorize(Roles.Coordinator)]
public sealed record GetTriageQuery : IRequest<IReadOnlyList<QueueItem>>, ICitizenDataRequest;

internal sealed class GetTriageHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<GetTriageQuery, IReadOnlyList<QueueItem>>
{
    public async Task<IReadOnlyList<QueueItem>> Handle(GetTriageQuery query, CancellationToken cancellationToken)
    {
        var items = await QueueItems.Build(db, user.RequiredMunicipalityCode, db.Cases.Where(c => c.Status == CaseStatus.Referred), clock.GetUtcNow(), cancellationToken);
        foreach (var item in items)
        {
            audit.Record(nameof(Case), item.CaseId);
        }

        return items;
    }
}
