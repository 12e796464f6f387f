using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Application.Common.Routing;

/// <summary>
/// The one place that keeps a guide's count of open cases: a case assigned takes a place (or fails with 409 when
/// none is free), a case handed back, reassigned away or closed frees one. A counter that would go below zero
/// disagrees with the cases: that is an error, logged and left for <see cref="GuideLoadReconciliation"/> to repair.
/// </summary>
internal sealed partial class GuideLoadFollowsCases(IAppDbContext db, GuideCapacity capacity, ILogger<GuideLoadFollowsCases> logger)
    : IDomainEventHandler<CaseAssigned>, IDomainEventHandler<CaseHandedBack>, IDomainEventHandler<CaseClosed>
{
    public async Task Handle(CaseAssigned domainEvent, CancellationToken cancellationToken)
    {
        if (!await capacity.TryTake(domainEvent.GuideId, cancellationToken))
        {
            var guide = await db.Guides.AsNoTracking().Where(g => g.Id == domainEvent.GuideId)
                .Select(g => new { g.DisplayName, g.ActiveCaseCount, g.Capacity }).SingleOrDefaultAsync(cancellationToken);
            throw new NoFreePlaceException(
                domainEvent.GuideId,
                guide is null
                    ? "The guide was not found."
                    : $"{guide.DisplayName} has no free place ({guide.ActiveCaseCount} of {guide.Capacity} cases) or is inactive.");
        }

        if (domainEvent.PreviousGuideId is { } previous)
        {
            await Release(previous, cancellationToken);
        }
    }

    public Task Handle(CaseHandedBack domainEvent, CancellationToken cancellationToken) => Release(domainEvent.GuideId, cancellationToken);

    public Task Handle(CaseClosed domainEvent, CancellationToken cancellationToken) =>
        domainEvent.HeldByGuideId is { } guide ? Release(guide, cancellationToken) : Task.CompletedTask;

    private async Task Release(Guid guideId, CancellationToken cancellationToken)
    {
        if (!await capacity.TryRelease(guideId, cancellationToken))
        {
            LogBelowZero(logger, guideId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Guide {GuideId}'s open-case counter would go below zero: it disagrees with the open cases; run the guide-load reconciliation")]
    private static partial void LogBelowZero(ILogger logger, Guid guideId);
}
