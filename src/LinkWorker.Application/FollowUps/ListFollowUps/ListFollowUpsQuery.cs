using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.ListFollowUps;

[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record ListFollowUpsQuery(Guid CaseId) : IRequest<IReadOnlyList<FollowUpView>>, ICitizenDataRequest;

internal sealed class ListFollowUpsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<ListFollowUpsQuery, IReadOnlyList<FollowUpView>>
{
    public async ValueTask<IReadOnlyList<FollowUpView>> Handle(ListFollowUpsQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        return await Of(db, @case.Id, cancellationToken);
    }

    /// <summary>The case's follow-ups, earliest due first (also the case page's section).</summary>
    internal static async Task<IReadOnlyList<FollowUpView>> Of(IAppDbContext db, Guid caseId, CancellationToken cancellationToken) =>
        (await db.FollowUps.AsNoTracking().Where(f => f.CaseId == caseId).ToListAsync(cancellationToken))
            .OrderBy(f => f.DueAt).Select(FollowUpView.Of).ToList();
}
