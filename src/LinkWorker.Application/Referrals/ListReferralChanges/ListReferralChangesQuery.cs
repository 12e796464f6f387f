using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Referrals;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Referrals.ListReferralChanges;

/// <summary>
/// A referrer's own referrals as the referrer view shows them (<see cref="ReferralViews"/>: the same visibility and
/// the same consent limits as <c>GET /api/referrals</c>), each with the time its visible status last changed, so a
/// referring system can poll for what changed since its last poll (FHIR <c>_lastUpdated</c>, ADR 0024). One referral
/// when <see cref="ReferralId"/> is given (not found: 404).
/// </summary>
[Authorize(Roles.Referrer)]
public sealed record ListReferralChangesQuery(Guid? ReferralId = null, DateTimeOffset? ChangedAfter = null)
    : IRequest<IReadOnlyList<ReferralChange>>, ICitizenDataRequest;

/// <param name="LastChangedAt">
/// The latest of: received, first contact (once the referrer may see it), closed (likewise), and the case's consents
/// recorded or withdrawn. Assignment and a later start of work carry no time of their own, so they move it not.
/// </param>
public sealed record ReferralChange(ReferralView View, DateTimeOffset LastChangedAt);

internal sealed class ListReferralChangesHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents)
    : IRequestHandler<ListReferralChangesQuery, IReadOnlyList<ReferralChange>>
{
    public async ValueTask<IReadOnlyList<ReferralChange>> Handle(ListReferralChangesQuery query, CancellationToken cancellationToken)
    {
        var rows = ReferralViews.Visible(db, user);
        if (query.ReferralId is { } id)
        {
            rows = rows.Where(r => r.Referral.Id == id);
        }

        // A referrer's own referrals are few (the REST list judges them in memory too).
        var views = await rows.Select(ReferralViews.Projection).ToListAsync(cancellationToken);
        if (query.ReferralId is not null && views.Count == 0)
        {
            throw new NotFoundException(nameof(Referral));
        }

        var caseIds = views.Select(v => v.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.FirstContactAt, c.ClosedAt })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var consentTimes = (await db.Consents.AsNoTracking().Where(c => caseIds.Contains(c.CaseId))
                .Select(c => new { c.CaseId, c.RecordedAt, c.WithdrawnAt })
                .ToListAsync(cancellationToken))
            .GroupBy(c => c.CaseId)
            .ToDictionary(g => g.Key, g => g.Max(c => c.WithdrawnAt is { } w && w > c.RecordedAt ? w : c.RecordedAt));

        var seen = await ReferralViews.AsSeenBy(db, user, consents, views, cancellationToken);
        var changes = seen.Select(view =>
            {
                var times = cases[view.CaseId];
                var last = view.ReceivedAt;
                if (view.Status is ReferralStatus.Contacted or ReferralStatus.InProgress or ReferralStatus.Closed && times.FirstContactAt is { } contact)
                {
                    last = Max(last, contact);
                }

                if (view.Status == ReferralStatus.Closed && times.ClosedAt is { } closed)
                {
                    last = Max(last, closed);
                }

                if (consentTimes.TryGetValue(view.CaseId, out var consent))
                {
                    last = Max(last, consent);
                }

                return new ReferralChange(view, ToMilliseconds(last));
            })
            .Where(c => query.ChangedAfter is not { } after || c.LastChangedAt > after)
            .OrderBy(c => c.LastChangedAt).ThenBy(c => c.View.Id)
            .ToList();

        audit.RecordList(nameof(Referral), changes.Select(c => c.View.Id).ToList());
        return changes;
    }

    // FHIR instants travel with milliseconds: a poll with _lastUpdated=gt{the last Task's time} must not see it again.
    private static DateTimeOffset ToMilliseconds(DateTimeOffset at) => new(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
