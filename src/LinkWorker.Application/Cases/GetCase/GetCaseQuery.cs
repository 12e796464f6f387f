using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Conversations;
using Mediator;

namespace LinkWorker.Application.Cases.GetCase;

/// <summary>The whole case: citizen, referrals, why it went where it went, contact attempts.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record GetCaseQuery(Guid CaseId) : IRequest<CaseView>, ICitizenDataRequest;

internal sealed class GetCaseHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<GetCaseQuery, CaseView>
{
    public async ValueTask<CaseView> Handle(GetCaseQuery query, CancellationToken cancellationToken)
    {
        var head = await CaseReads.Head(db, user, query.CaseId, cancellationToken) ?? throw new NotFoundException(nameof(Case));
        audit.Record(nameof(Case), head.Case.Id);
        audit.Record(nameof(Citizen), head.Citizen.Id);
        var referrals = await CaseReads.Referrals(db, user, head.Case.Id, cancellationToken);
        var view = await CaseReads.View(db, consents, head, referrals, clock.GetUtcNow(), cancellationToken);
        foreach (var conversation in view.Conversations)
        {
            audit.Record(nameof(Conversation), conversation.Id);
        }

        return view;
    }
}
