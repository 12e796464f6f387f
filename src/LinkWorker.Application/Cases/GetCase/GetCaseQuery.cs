using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Cases.GetCase;

/// <summary>The whole case: citizen, referrals, why it went where it went, contact attempts.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record GetCaseQuery(Guid CaseId) : IRequest<CaseView>, ICitizenDataRequest;

internal sealed class GetCaseHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, IParallelReads reads, TimeProvider clock)
    : IRequestHandler<GetCaseQuery, CaseView>
{
    public async ValueTask<CaseView> Handle(GetCaseQuery query, CancellationToken cancellationToken) =>
        await Read(db, user, audit, reads, query.CaseId, clock.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The case with its sections, read side by side (issue 18), and its one audit record: the case, with the
    /// citizen and the conversations shown beside it, each found by its id (ADR 7, ADR 32), as the case page's.
    /// </summary>
    private static async Task<CaseView> Read(
        IAppDbContext db, ICurrentUser user, IAuditTrail audit, IParallelReads reads, Guid caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (head, sections) = await CaseReads.HeadAndSections(db, user, CaseReads.SideReads(db, reads), caseId, cancellationToken);
        var view = await CaseReads.View(head, sections, now);
        audit.RecordWith(nameof(Case), head.Case.Id, [head.Citizen.Id, .. view.Conversations.Select(c => c.Id)]);
        return view;
    }
}
