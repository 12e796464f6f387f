using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.FireDueFollowUps;

/// <summary>
/// The reminder sweep: fires at most <paramref name="BatchSize"/> of the caller's municipality's follow-ups whose
/// due time has come, in one transaction. Returns how many fired; a full batch means more may wait. Safe to send
/// twice and from several nodes at once.
/// </summary>
[Authorize(Roles.System)]
public sealed record FireDueFollowUpsCommand(int BatchSize = FireDueFollowUpsCommand.DefaultBatchSize) : IRequest<int>, ICitizenDataRequest
{
    public const int DefaultBatchSize = 500;

    public const int MaxBatchSize = 5_000;
}

/// <summary>
/// The follow-up row is the reminder (ADR 0020): the batch is claimed by a locking query that other nodes skip, then
/// fired with a fixed number of statements. A follow-up completed or cancelled before the claim is no longer planned
/// and is not taken; one completed during the batch waits on the row lock and then conflicts, as with any
/// concurrent change. A node that dies mid-batch rolls back, and the rows are due again for the next sweep.
/// </summary>
internal sealed class FireDueFollowUpsHandler(IDueFollowUpClaims claims, FollowUpFiring firing, ICurrentUser user, TimeProvider clock)
    : IRequestHandler<FireDueFollowUpsCommand, int>
{
    public async ValueTask<int> Handle(FireDueFollowUpsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var followUps = await claims.Claim(user.RequiredMunicipalityCode, now, command.BatchSize, cancellationToken);
        return followUps.Count == 0 ? 0 : (await firing.Fire(followUps.ToList(), now, cancellationToken)).Count;
    }
}

internal sealed class FireDueFollowUpsValidator : AbstractValidator<FireDueFollowUpsCommand>
{
    public FireDueFollowUpsValidator() => RuleFor(c => c.BatchSize).InclusiveBetween(1, FireDueFollowUpsCommand.MaxBatchSize);
}
