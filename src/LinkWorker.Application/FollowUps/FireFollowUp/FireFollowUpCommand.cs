using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.FollowUps.FireFollowUp;

/// <summary>One follow-up's reminder, fired now whatever its due time. Safe to send twice.</summary>
/// <remarks>
/// The sweep fires due reminders in batches (<c>FireDueFollowUpsCommand</c>, ADR 0020); this is the same firing for
/// one follow-up, for operators and tests.
/// </remarks>
[Authorize(Roles.System)]
public sealed record FireFollowUpCommand(Guid FollowUpId) : IRequest<bool>, ICitizenDataRequest;

/// <remarks>
/// The row is locked before it is read (<see cref="IDueFollowUpClaims.Lock"/>): fired at the same time by the sweep
/// or by a second command, one fires it and the other waits, then finds it fired and answers false — without the
/// lock both saw it planned and the loser failed on the outbox's unique key.
/// </remarks>
internal sealed class FireFollowUpHandler(IDueFollowUpClaims claims, FollowUpFiring firing, TimeProvider clock) : IRequestHandler<FireFollowUpCommand, bool>
{
    public async ValueTask<bool> Handle(FireFollowUpCommand command, CancellationToken cancellationToken)
    {
        var followUp = await claims.Lock(command.FollowUpId, cancellationToken);
        if (followUp is null)
        {
            return false;
        }

        return (await firing.Fire([followUp], clock.GetUtcNow(), cancellationToken)).Count == 1;
    }
}
