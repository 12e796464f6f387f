using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Reports;

/// <summary>Loads the period's rows with narrow projections (no notes, no names of citizens); the municipality filter applies.</summary>
internal sealed class ReportLoader(IAppDbContext db)
{
    public async Task<ReportData> Load(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = DanishTime.EndOf(from.AddDays(-1));
        var end = DanishTime.EndOf(to.AddDays(-1));

        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.OpenedAt >= start && c.OpenedAt < end)
            .Select(c => new ReportCase(c.Id, c.OpenedAt, c.FirstContactAt))
            .ToListAsync(cancellationToken);

        var referralRows = await (
                from referral in db.Referrals.AsNoTracking()
                join @case in db.Cases on referral.CaseId equals @case.Id
                where @case.OpenedAt >= start && @case.OpenedAt < end
                join citizen in db.Citizens on referral.CitizenId equals citizen.Id
                join organisation in db.Organisations on referral.OrganisationId equals organisation.Id into organisations
                from organisation in organisations.DefaultIfEmpty()
                select new { referral.CaseId, referral.Sector, Organisation = organisation == null ? null : organisation.Name, referral.LifeArenas, referral.LifeTransitions, referral.ReceivedAt, citizen.DateOfBirth })
            .ToListAsync(cancellationToken);
        var referrals = referralRows.Select(r => new ReportReferral(
                r.CaseId, r.Sector.ToString(), r.Organisation, r.LifeArenas.Select(a => a.ToString()).ToList(), r.LifeTransitions.Select(t => t.ToString()).ToList(),
                r.DateOfBirth is { } birth ? AgeBand.Of(birth, DanishTime.DateOf(r.ReceivedAt)) ?? "under 16" : "unknown"))
            .ToList();

        var closed = (await db.Cases.AsNoTracking()
                .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt >= start && c.ClosedAt < end)
                .Select(c => new { c.Id, c.ClosureReason })
                .ToListAsync(cancellationToken))
            .Select(c => (c.Id, c.ClosureReason!.Value)).ToList();

        var consents = (await db.Consents.AsNoTracking()
                .Where(c => db.Cases.Any(x => x.Id == c.CaseId && x.OpenedAt >= start && x.OpenedAt < end))
                .Select(c => new { c.CaseId, c.Scopes })
                .ToListAsync(cancellationToken))
            .Select(c => (c.CaseId, c.Scopes)).ToList();

        var measurements = await db.TilsMeasurements.AsNoTracking()
            .Where(m => db.Cases.Any(x => x.Id == m.CaseId && x.OpenedAt >= start && x.OpenedAt < end))
            .ToListAsync(cancellationToken);

        var participations = (await db.CommunityParticipations.AsNoTracking()
                .Where(p => db.Cases.Any(x => x.Id == p.CaseId && x.OpenedAt >= start && x.OpenedAt < end))
                .Select(p => new { p.CaseId, p.StillAttendingAtThreeMonths })
                .ToListAsync(cancellationToken))
            .Select(p => (p.CaseId, p.StillAttendingAtThreeMonths)).ToList();

        var caseloads = (await db.Guides.AsNoTracking().Select(g => new CaseloadRow(g.Id, g.DisplayName, g.ActiveCaseCount, g.Capacity)).ToListAsync(cancellationToken))
            .OrderBy(g => g.Guide, StringComparer.Ordinal).ToList();

        return new ReportData(cases, referrals, closed, consents, measurements, participations, caseloads);
    }
}
