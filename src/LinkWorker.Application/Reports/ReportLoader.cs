using System.Globalization;
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
internal sealed class ReportLoader(IParallelReads reads, IReportQueries queries)
{
    public async Task<ReportData> Load(DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var start = DanishTime.EndOf(from.AddDays(-1));
        var end = DanishTime.EndOf(to.AddDays(-1));

        // The aggregates do not depend on each other: each runs on its own connection, side by side.
        var (months, boundaries) = Months(from, to);
        var cases = Cases(months, boundaries, cancellationToken);
        var origins = reads.Read((db, ct) => Origins(db, start, end, ct), cancellationToken);
        var lists = reads.Read((db, ct) => Lists(db, start, end, ct), cancellationToken);
        var organisations = reads.Read((db, ct) => db.Organisations.Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct), cancellationToken);
        var closures = reads.Read((db, ct) => Closures(db, start, end, ct), cancellationToken);
        var consents = reads.Read((db, ct) => Consents(db, start, end, ct), cancellationToken);
        var measurements = reads.Read((db, ct) => queries.TilsPairs(db, start, end, ct), cancellationToken);
        var participations = reads.Read((db, ct) => Participations(db, start, end, ct), cancellationToken);
        var caseloads = reads.Read((db, ct) => db.Guides.Select(g => new CaseloadRow(g.Id, g.DisplayName, g.ActiveCaseCount, g.Capacity)).ToListAsync(ct), cancellationToken);
        await Task.WhenAll(cases, origins, lists, organisations, closures, consents, measurements, participations, caseloads);

        var (originRows, computedAgeBands) = await origins;
        var (consentGroups, severalConsents) = await consents;
        return new ReportData(
            await cases, originRows, await organisations, computedAgeBands, await lists, await closures, consentGroups, severalConsents,
            await measurements, await participations, (await caseloads).OrderBy(g => g.Guide, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The period's cases counted in the database (IX_Cases_Report: municipality, opened, first contact) by month
    /// and whole days to first contact; then, for the median and 90th percentile, the exact times at their ranks,
    /// read from the whole days those ranks fall in (a range of the same index, a sort of one day's cases).
    /// </summary>
    private async Task<CaseCounts> Cases(IReadOnlyList<string> months, IReadOnlyList<DateTimeOffset> boundaries, CancellationToken cancellationToken)
    {
        var counts = await reads.Read((db, ct) => queries.CasesByMonthAndDays(db, boundaries, ct), cancellationToken);
        var partial = new CaseCounts(months, counts, new Dictionary<int, double>());
        var located = Locate(partial.Distribution, OutcomeFigures.FirstContactRanks(partial.Distribution.Sum(d => d.Cases)));
        var (start, end) = (boundaries[0], boundaries[^1]);
        var lookups = located.GroupBy(l => l.Days).Select(async day =>
        {
            var skip = day.Min(l => l.Within);
            var times = await reads.Read((db, ct) => queries.TimesToFirstContact(db, start, end, day.Key, skip, day.Max(l => l.Within) - skip + 1, ct), cancellationToken);
            return day.Select(l => (l.Rank, times[l.Within - skip].TotalDays)).ToList();
        }).ToList();
        var daysAtRank = (await Task.WhenAll(lookups)).SelectMany(r => r).ToDictionary(r => r.Rank, r => r.TotalDays);
        return partial with { DaysAtRank = daysAtRank };
    }

    /// <summary>Each rank of the sorted times as the whole days it falls in and its place among that day's times.</summary>
    internal static List<(int Rank, int Days, int Within)> Locate(IReadOnlyList<DayCount> distribution, IReadOnlyList<int> ranks)
    {
        var located = new List<(int, int, int)>();
        var before = 0;
        foreach (var day in distribution)
        {
            located.AddRange(ranks.Where(r => r >= before && r < before + day.Cases).Select(r => (r, day.Days, r - before)));
            before += day.Cases;
        }

        return located;
    }

    /// <summary>
    /// The months of [from, to) by their Danish names ("yyyy-MM") and the instants that divide the period into
    /// them: the period's start, the first instant of each Danish month inside it, the period's end.
    /// </summary>
    internal static (IReadOnlyList<string> Months, IReadOnlyList<DateTimeOffset> Boundaries) Months(DateOnly from, DateOnly to)
    {
        var months = new List<string> { from.ToString("yyyy-MM", CultureInfo.InvariantCulture) };
        var boundaries = new List<DateTimeOffset> { DanishTime.StartOf(from) };
        for (var first = new DateOnly(from.Year, from.Month, 1).AddMonths(1); first < to; first = first.AddMonths(1))
        {
            months.Add(first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            boundaries.Add(DanishTime.StartOf(first));
        }

        boundaries.Add(DanishTime.StartOf(to));
        return (months, boundaries);
    }

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
