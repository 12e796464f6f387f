using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps;

/// <summary>
/// Pending follow-ups stop when there is no one to follow up: all of them when the case closes, the check-ins when
/// the citizen no longer consents to be contacted, all of them when processing of the citizen's data is restricted.
/// Each cancellation raises <see cref="FollowUpEnded"/> in turn.
/// </summary>
internal sealed class PendingFollowUpsStop(IAppDbContext db)
    : IDomainEventHandler<CaseClosed>, IDomainEventHandler<ConsentWithdrawn>, IDomainEventHandler<CitizenRestricted>
{
    public Task Handle(CaseClosed domainEvent, CancellationToken cancellationToken) =>
        CancelPending(domainEvent.CaseId, "the case was closed", domainEvent.At, [], cancellationToken);

    public async Task Handle(ConsentWithdrawn domainEvent, CancellationToken cancellationToken)
    {
        if (!domainEvent.Scopes.Contains(ConsentScope.ContactCitizen))
        {
            return;
        }

        // Tracked, so the consent just withdrawn (not saved yet) is seen as withdrawn.
        var consents = await db.Consents.Where(c => c.CaseId == domainEvent.CaseId).ToListAsync(cancellationToken);
        if (!ConsentRules.IsActive(consents, ConsentScope.ContactCitizen, domainEvent.At))
        {
            await CancelPending(
                domainEvent.CaseId, "the citizen withdrew consent to be contacted", domainEvent.At,
                [FollowUpKind.CheckInCall, FollowUpKind.CheckInMessage], cancellationToken);
        }
    }

    // A restricted citizen's data is kept but not processed: no check-in, call or reminder about them goes ahead.
    public async Task Handle(CitizenRestricted domainEvent, CancellationToken cancellationToken)
    {
        var openCases = await db.Cases.Where(c => c.CitizenId == domainEvent.CitizenId && c.Status != CaseStatus.Closed)
            .Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var caseId in openCases)
        {
            await CancelPending(caseId, "processing of the citizen's data is restricted", domainEvent.At, [], cancellationToken);
        }
    }

    private async Task CancelPending(Guid caseId, string reason, DateTimeOffset at, FollowUpKind[] kinds, CancellationToken cancellationToken)
    {
        var pending = await db.FollowUps
            .Where(f => f.CaseId == caseId && (f.Status == FollowUpStatus.Planned || f.Status == FollowUpStatus.Due))
            .ToListAsync(cancellationToken);
        foreach (var followUp in pending.Where(f => f.IsPending && (kinds.Length == 0 || kinds.Contains(f.Kind))))
        {
            followUp.Cancel(reason, at);
        }
    }
}
