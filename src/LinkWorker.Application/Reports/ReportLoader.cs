using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Reports;

/// <summary>
/// Loads what the report needs for the period, counted by the database wherever a count is enough (a year has
/// about 400,000 rows; these queries return a few thousand). No notes, no names of citizens; the municipality
/// filter applies to every query.
/// </summary>
internal sealed class ReportLoader(IAppDbContext db)
{
    public async Task<ReportData> Load(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = DanishTime.EndOf(from.AddDays(-1));
        var end = DanishTime.EndOf(to.AddDays(-1));

        // The other queries join this (IX_Cases_MunicipalityCode_OpenedAt) rather than filtering with Any(), which
        // SQLite runs as a correlated subquery for every row of the table, whatever the period.
        var periodCases = db.Cases.AsNoTracking().Where(c => c.OpenedAt >= start && c.OpenedAt < end);

        var cases = await periodCases.Select(c => new ReportCase(c.OpenedAt, c.FirstContactAt)).ToListAsync(cancellationToken);

        var referrals = from referral in db.Referrals.AsNoTracking()
                        join @case in periodCases on referral.CaseId equals @case.Id
                        select referral;
        var origins = (await referrals
                .GroupBy(r => new { r.Sector, r.OrganisationId, r.AgeBand })
                .Select(g => new { g.Key.Sector, g.Key.OrganisationId, g.Key.AgeBand, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(r => new ReferralOrigin(r.Sector, r.OrganisationId, r.AgeBand, r.Count)).ToList();

        // Grouped by the stored lists (arena list × transition list: a few thousand distinct pairs at most), which
        // OutcomeFigures splits. Simpler than a child table or one LIKE per value, exact (a referral's list has no
        // duplicates), and one scan on both providers.
        var lists = (await referrals.GroupBy(r => new { r.LifeArenas, r.LifeTransitions })
                .Select(g => new { g.Key.LifeArenas, g.Key.LifeTransitions, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => new ReferralLists(g.LifeArenas, g.LifeTransitions, g.Count)).ToList();

        // Referrals received before the age band was stored: computed from the citizen, as it was before.
        var computedAgeBands = origins.Any(o => o.AgeBand is null)
            ? (await (from referral in referrals
                      where referral.AgeBand == null
                      join citizen in db.Citizens on referral.CitizenId equals citizen.Id
                      select new { citizen.DateOfBirth, referral.ReceivedAt })
                    .ToListAsync(cancellationToken))
                .Select(r => AgeBand.OfReferral(r.DateOfBirth, r.ReceivedAt)).ToList()
            : [];

        var organisations = await db.Organisations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);

        var closures = (await db.Cases.AsNoTracking()
                .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt >= start && c.ClosedAt < end)
                .GroupBy(c => c.ClosureReason)
                .Select(g => new { g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => (g.Key!.Value, g.Count)).ToList();

        // A consent rate counts distinct cases. The scope lists are grouped in SQL; only the rare cases with more
        // than one consent are read row by row, so that OutcomeFigures can count each of them once.
        var consents = from consent in db.Consents.AsNoTracking()
                       join @case in periodCases on consent.CaseId equals @case.Id
                       select consent;
        var consentGroups = (await consents.GroupBy(c => c.Scopes).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Select(g => (g.Key, g.Count)).ToList();
        var casesWithSeveralConsents = consents.GroupBy(c => c.CaseId).Where(g => g.Count() > 1).Select(g => g.Key);
        var severalConsents = (await consents.Where(c => casesWithSeveralConsents.Contains(c.CaseId))
                .Select(c => new { c.CaseId, c.Scopes })
                .ToListAsync(cancellationToken))
            .Select(c => (c.CaseId, c.Scopes)).ToList();

        var measurements = await (from m in db.TilsMeasurements.AsNoTracking()
                                  join @case in periodCases on m.CaseId equals @case.Id
                                  select new ReportMeasurement(m.CaseId, m.Point, m.MeasuredAt, m.Total, m.Category))
            .ToListAsync(cancellationToken);

        var participations = (await (from p in db.CommunityParticipations.AsNoTracking()
                                     join @case in periodCases on p.CaseId equals @case.Id
                                     group p by new { p.StillAttendingAtThreeMonths, p.Status } into g
                                     select new { g.Key.StillAttendingAtThreeMonths, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(g => (g.StillAttendingAtThreeMonths, g.Status, g.Count)).ToList();

        var caseloads = (await db.Guides.AsNoTracking().Select(g => new CaseloadRow(g.Id, g.DisplayName, g.ActiveCaseCount, g.Capacity)).ToListAsync(cancellationToken))
            .OrderBy(g => g.Guide, StringComparer.Ordinal).ToList();

        return new ReportData(
            cases, origins, organisations, computedAgeBands, lists, closures, consentGroups, severalConsents, measurements, participations, caseloads);
    }
}
