using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.FireFollowUp;

/// <summary>One follow-up's reminder, fired now whatever its due time. Safe to send twice.</summary>
/// <remarks>
/// The sweep fires due reminders in batches (<c>FireDueFollowUpsCommand</c>, ADR 0020); this is the same firing for
/// one follow-up, for operators and tests.
/// </remarks>
[Authorize(Roles.System)]
public sealed record FireFollowUpCommand(Guid FollowUpId) : IRequest<bool>, ICitizenDataRequest;

internal sealed class FireFollowUpHandler(IAppDbContext db, FollowUpFiring firing, TimeProvider clock) : IRequestHandler<FireFollowUpCommand, bool>
{
    public async ValueTask<bool> Handle(FireFollowUpCommand command, CancellationToken cancellationToken)
    {
        var followUp = await db.FollowUps.SingleOrDefaultAsync(f => f.Id == command.FollowUpId, cancellationToken);
        if (followUp is null)
        {
            return false;
        }

        return (await firing.Fire([followUp], clock.GetUtcNow(), cancellationToken)).Count == 1;
    }
}
