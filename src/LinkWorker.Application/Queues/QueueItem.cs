using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Queues;

/// <summary>One case in a queue, with what decides its place: overdue first contact, urgency, deadline.</summary>
public sealed record QueueItem(
    Guid CaseId,
    CaseStatus Status,
    string CitizenName,
    string Postcode,
    Urgency Urgency,
    DateTimeOffset OpenedAt,
    FirstContactDeadline? FirstContactDeadline,
    int FailedContactAttempts,
    bool SuggestCloseAsUnreachable,
    IReadOnlyList<string> LastRoutingReasons);

internal static class QueueItems
{
    /// <summary>Builds and orders the items: overdue first, then most urgent, then the nearest deadline, then oldest.</summary>
    public static async Task<IReadOnlyList<QueueItem>> Build(
        IAppDbContext db, string municipalityCode, IQueryable<Case> cases, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await (
                from @case in cases
                join citizen in db.Citizens on @case.CitizenId equals citizen.Id
                select new { Case = @case, citizen.Name, citizen.Address.Postcode })
            .AsNoTracking().ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Case.Id).ToList();
        var urgencies = (await db.Referrals.AsNoTracking().Where(r => ids.Contains(r.CaseId)).Select(r => new { r.CaseId, r.Urgency }).ToListAsync(cancellationToken))
            .GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => g.Max(r => r.Urgency));
        var reasons = (await db.RoutingDecisions.AsNoTracking().Where(d => ids.Contains(d.CaseId)).ToListAsync(cancellationToken))
            .GroupBy(d => d.CaseId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.DecidedAt).Last().Reasons);
        var municipality = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Code == municipalityCode, cancellationToken);
        var unreachableAfter = municipality?.UnreachableAfterAttempts ?? 3;

        return rows
            .Select(r => new QueueItem(
                r.Case.Id, r.Case.Status, r.Name, r.Postcode, urgencies.GetValueOrDefault(r.Case.Id, Urgency.Normal), r.Case.OpenedAt,
                FirstContactDeadline.Of(r.Case, now), r.Case.FailedContactAttempts,
                r.Case.FailedContactAttempts >= unreachableAfter, reasons.GetValueOrDefault(r.Case.Id, [])))
            .OrderByDescending(i => i.FirstContactDeadline?.Overdue == true)
            .ThenByDescending(i => i.Urgency)
            .ThenBy(i => i.FirstContactDeadline?.Due ?? DateOnly.MaxValue)
            .ThenBy(i => i.OpenedAt)
            .ToList();
    }
}
