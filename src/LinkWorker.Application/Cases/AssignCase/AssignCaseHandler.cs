using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Routing;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.AssignCase;

internal sealed class AssignCaseHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, GuideCapacity capacity, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<AssignCaseCommand, CaseSummary>
{
    public async Task<CaseSummary> Handle(AssignCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var guide = await db.Guides.AsNoTracking().SingleOrDefaultAsync(g => g.Id == command.GuideId, cancellationToken)
            ?? throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["guideId"] = ["No guide of this municipality has that id."],
            });

        var previous = @case.HoldsGuide ? @case.AssignedGuideId : null;
        @case.AssignTo(guide.Id);
        if (!await capacity.TryTake(guide.Id, cancellationToken))
        {
            throw new ConflictException($"{guide.DisplayName} has no free place ({guide.ActiveCaseCount} of {guide.Capacity} cases) or is inactive.");
        }

        if (previous is { } from)
        {
            await capacity.Release(from, cancellationToken);
        }

        var now = clock.GetUtcNow();
        db.RoutingDecisions.Add(new RoutingDecision(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.Assignment, guide.Id,
            [command.Reason!.Trim(), $"{guide.ActiveCaseCount + 1} of {guide.Capacity} cases"], user.UserId,
            await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? user.DisplayName));
        return CaseSummary.Of(@case);
    }
}
