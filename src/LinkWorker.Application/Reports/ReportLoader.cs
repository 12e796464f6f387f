using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Reports;

/// <summary>
/// Loads what the report needs for the period, counted by the database wherever a count is enough (a year has
/// about 400,000 rows; these queries return a few thousand). No notes, no names of citizens; the municipality
/// filter applies to every query.
/// </summary>
internal sealed class ReportLoader(IParallelReads reads)
{
    public async Task<ReportData> Load(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = DanishTime.EndOf(from.AddDays(-1));
        var end = DanishTime.EndOf(to.AddDays(-1));

        // The aggregates do not depend on each other: each runs on its own connection, side by side.
        var cases = reads.Read((db, ct) => PeriodCases(db, start, end).Select(c => new ReportCase(c.OpenedAt, c.FirstContactAt)).ToListAsync(ct), cancellationToken);
        var origins = reads.Read((db, ct) => Origins(db, start, end, ct), cancellationToken);
        var lists = reads.Read((db, ct) => Lists(db, start, end, ct), cancellationToken);
        var organisations = reads.Read((db, ct) => db.Organisations.Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct), cancellationToken);
        var closures = reads.Read((db, ct) => Closures(db, start, end, ct), cancellationToken);
        var consents = reads.Read((db, ct) => Consents(db, start, end, ct), cancellationToken);
        var measurements = reads.Read(
            (db, ct) => InPeriod(db.TilsMeasurements, start, end)
                .Select(m => new ReportMeasurement(m.CaseId, m.Point, m.MeasuredAt, m.Total, m.Category)).ToListAsync(ct),
            cancellationToken);
        var participations = reads.Read((db, ct) => Participations(db, start, end, ct), cancellationToken);
        var caseloads = reads.Read((db, ct) => db.Guides.Select(g => new CaseloadRow(g.Id, g.DisplayName, g.ActiveCaseCount, g.Capacity)).ToListAsync(ct), cancellationToken);
        await Task.WhenAll(cases, origins, lists, organisations, closures, consents, measurements, participations, caseloads);

        var (originRows, computedAgeBands) = await origins;
        var (consentGroups, severalConsents) = await consents;
        return new ReportData(
            await cases, originRows, await organisations, computedAgeBands, await lists, await closures, consentGroups, severalConsents,
            await measurements, await participations, (await caseloads).OrderBy(g => g.Guide, StringComparer.Ordinal).ToList());
    }

    // IX_Cases_Report (municipality, opened, first contact): a range of the index, no row read.
    private static IQueryable<Case> PeriodCases(IAppDbContext db, DateTimeOffset start, DateTimeOffset end) =>
        db.Cases.Where(c => c.OpenedAt >= start && c.OpenedAt < end);

    // The rows of the period's cases by the copy of the case's OpenedAt each row keeps (ReportFacts, ADR 0033): one
    // range of a covering index per aggregate, where a join from the cases cost a look-up per case.
    private static IQueryable<T> InPeriod<T>(IQueryable<T> rows, DateTimeOffset start, DateTimeOffset end)
        where T : class =>
        rows.Where(r => EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt) >= start && EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt) < end);

    private static IQueryable<Referral> PeriodReferrals(IAppDbContext db, DateTimeOffset start, DateTimeOffset end) =>
        InPeriod(db.Referrals, start, end);

    private static async Task<(List<ReferralOrigin>, List<string>)> Origins(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var referrals = PeriodReferrals(db, start, end);
        var origins = (await referrals
                .GroupBy(r => new { r.Sector, r.OrganisationId, r.AgeBand })
                .Select(g => new { g.Key.Sector, g.Key.OrganisationId, g.Key.AgeBand, Count = g.Count() })
                .ToListAsync(ct))
            .Select(r => new ReferralOrigin(r.Sector, r.OrganisationId, r.AgeBand, r.Count)).ToList();

        // Referrals received before the age band was stored: computed from the citizen, as it was before.
        var computedAgeBands = origins.Any(o => o.AgeBand is null)
            ? (await (from referral in referrals
                      where referral.AgeBand == null
                      join citizen in db.Citizens on referral.CitizenId equals citizen.Id
                      select new { citizen.DateOfBirth, referral.ReceivedAt })
                    .ToListAsync(ct))
                .Select(r => AgeBand.OfReferral(r.DateOfBirth, r.ReceivedAt)).ToList()
            : [];
        return (origins, computedAgeBands);
    }

    // Grouped by the stored lists (arena list × transition list: a few thousand distinct pairs at most), which
    // OutcomeFigures splits. Simpler than a child table or one LIKE per value, exact (a referral's list has no
    // duplicates), and one scan on both providers.
    private static async Task<List<ReferralLists>> Lists(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        (await PeriodReferrals(db, start, end).GroupBy(r => new { r.LifeArenas, r.LifeTransitions })
            .Select(g => new { g.Key.LifeArenas, g.Key.LifeTransitions, Count = g.Count() })
            .ToListAsync(ct))
        .Select(g => new ReferralLists(g.LifeArenas, g.LifeTransitions, g.Count)).ToList();

    private static async Task<List<(ClosureReason, int)>> Closures(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        (await db.Cases
            .Where(c => c.Status == CaseStatus.Closed && c.ClosedAt >= start && c.ClosedAt < end)
            .GroupBy(c => c.ClosureReason)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct))
        .Select(g => (g.Key!.Value, g.Count)).ToList();

    // A consent rate counts distinct cases. The scope lists are grouped in SQL; only the rare cases with more than
    // one consent are read row by row, so that OutcomeFigures can count each of them once.
    private static async Task<(List<(IReadOnlyList<ConsentScope>, int)>, List<(Guid, IReadOnlyList<ConsentScope>)>)> Consents(
        IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var consents = InPeriod(db.Consents, start, end);
        var groups = (await consents.GroupBy(c => c.Scopes).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .Select(g => (g.Key, g.Count)).ToList();
        var casesWithSeveral = consents.GroupBy(c => c.CaseId).Where(g => g.Count() > 1).Select(g => g.Key);
        var several = (await consents.Where(c => casesWithSeveral.Contains(c.CaseId)).Select(c => new { c.CaseId, c.Scopes }).ToListAsync(ct))
            .Select(c => (c.CaseId, c.Scopes)).ToList();
        return (groups, several);
    }

    private static async Task<List<(bool?, MatchStatus, int)>> Participations(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken ct) =>
        (await (from p in InPeriod(db.CommunityParticipations, start, end)
                group p by new { p.StillAttendingAtThreeMonths, p.Status } into g
                select new { g.Key.StillAttendingAtThreeMonths, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct))
        .Select(g => (g.StillAttendingAtThreeMonths, g.Status, g.Count)).ToList();
}
