using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using Mediator;

namespace LinkWorker.Application.Consents.ListConsents;

/// <summary>The consent history of a case and the scopes active now.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record ListConsentsQuery(Guid CaseId) : IRequest<ConsentsView>, ICitizenDataRequest;

internal sealed class ListConsentsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<ListConsentsQuery, ConsentsView>
{
    public async ValueTask<ConsentsView> Handle(ListConsentsQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var history = await consents.HistoryOf(@case.Id, cancellationToken);
        return new ConsentsView(ConsentRules.ActiveScopes(history, now), history.Select(c => ConsentView.Of(c, now)).ToList());
    }
}
