using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
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
/// When what the referrer sees last changed: received; the case's status changed (<c>Case.StatusChangedAt</c>), or,
/// while the citizen does not share status with the referrer, only its getting or losing a guide (what they then see
/// change, <c>Case.GuideChangedAt</c>); and the status consent recorded, withdrawn or expired. In whole milliseconds.
/// </param>
public sealed record ReferralChange(ReferralView View, DateTimeOffset LastChangedAt);

internal sealed class ListReferralChangesHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<ListReferralChangesQuery, IReadOnlyList<ReferralChange>>
{
    public async ValueTask<IReadOnlyList<ReferralChange>> Handle(ListReferralChangesQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = ReferralViews.Visible(db, user);
        if (query.ReferralId is { } id)
        {
            rows = rows.Where(r => r.Referral.Id == id);
        }

        if (query.ChangedAfter is { } after)
        {
            // In SQL, every referral that may have changed since (IX_Cases_StatusChangedAt); which
            // of them the referrer sees change is judged below, with the consent limits.
            rows = rows.Where(r => r.Referral.ReceivedAt > after || r.Case.StatusChangedAt > after
                || db.Consents.Any(c => c.CaseId == r.Case.Id
                    && (c.RecordedAt > after || c.WithdrawnAt > after || (c.ExpiresAt > after && c.ExpiresAt <= now))));
        }

        var views = await rows.Select(ReferralViews.Projection).ToListAsync(cancellationToken);
        if (query.ReferralId is not null && views.Count == 0)
        {
            throw new NotFoundException(nameof(Referral));
        }

        var caseIds = views.Select(v => v.CaseId).Distinct().ToList();
        var cases = await db.Cases.AsNoTracking().Where(c => caseIds.Contains(c.Id))
            .Select(c => new { c.Id, c.StatusChangedAt, c.GuideChangedAt })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var consentTimes = (await db.Consents.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken))
            .Where(c => c.Scopes.Contains(ConsentScope.ShareStatusWithReferrer))
            .GroupBy(c => c.CaseId)
            .ToDictionary(g => g.Key, g => g.Max(c => Latest(c.RecordedAt, c.WithdrawnAt, c.ExpiresAt <= now ? c.ExpiresAt : null)));

        var actual = views.ToDictionary(v => v.Id);
        var seen = await ReferralViews.AsSeenBy(db, user, consents, views, cancellationToken);
        var changes = seen.Select(view =>
            {
                var times = cases[view.CaseId];
                // Seen as less than it is (no status consent): only a guide coming or going shows.
                var limited = view.Status != actual[view.Id].Status;
                var last = Latest(view.ReceivedAt, limited ? times.GuideChangedAt : times.StatusChangedAt, consentTimes.GetValueOrDefault(view.CaseId));
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

    private static DateTimeOffset Latest(DateTimeOffset first, params DateTimeOffset?[] others) =>
        others.Aggregate(first, (latest, at) => at is { } t && t > latest ? t : latest);
}
