using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Citizens;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.RevealCprNumber;

/// <summary>
/// A person chose to see the citizen's full CPR number (the web app shows it masked until then). Its own request,
/// so that the audit trail names the action "RevealCprNumber" apart from reading the case.
/// </summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record RevealCprNumberQuery(Guid CaseId) : IRequest<string?>, ICitizenDataRequest;

internal sealed class RevealCprNumberHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit) : IRequestHandler<RevealCprNumberQuery, string?>
{
    public async ValueTask<string?> Handle(RevealCprNumberQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var cpr = await db.Citizens.AsNoTracking().Where(c => c.Id == @case.CitizenId).Select(c => c.CprNumber).SingleAsync(cancellationToken);
        audit.Record(nameof(Citizen), @case.CitizenId);
        return cpr;
    }
}
