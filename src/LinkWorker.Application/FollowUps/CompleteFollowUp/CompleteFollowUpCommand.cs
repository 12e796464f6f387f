using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.CompleteFollowUp;

/// <summary>The guide did the check-in. A reminder not yet fired is unscheduled; no escalation follows.</summary>
[Authorize(Roles.Guide)]
public sealed record CompleteFollowUpCommand(Guid CaseId, Guid FollowUpId) : IRequest<FollowUpView>, ICitizenDataRequest;

internal sealed class CompleteFollowUpHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<CompleteFollowUpCommand, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(CompleteFollowUpCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.FollowUpId && f.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(FollowUp));
        followUp.Complete(clock.GetUtcNow());
        audit.Record(nameof(FollowUp), followUp.Id);
        return FollowUpView.Of(followUp);
    }
}
