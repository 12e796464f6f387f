using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.ReopenCase;

/// <summary>Reopens a closed case; routing runs again and prefers the guide the citizen had.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record ReopenCaseCommand : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class ReopenCaseHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, CaseRouter router, TimeProvider clock)
    : IRequestHandler<ReopenCaseCommand, CaseSummary>
{
    public async ValueTask<CaseSummary> Handle(ReopenCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        if (await db.Cases.AnyAsync(c => c.CitizenId == @case.CitizenId && c.Id != @case.Id && c.Status != CaseStatus.Closed, cancellationToken))
        {
            throw new ConflictException("The citizen has another open case; new referrals attach to that one.");
        }

        @case.Reopen(clock.GetUtcNow());
        var citizen = await db.Citizens.SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
        await router.Route(@case, citizen, cancellationToken);
        return CaseSummary.Of(@case);
    }
}
