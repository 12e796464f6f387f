using System.Globalization;
using System.Text;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Reports;
using LinkWorker.Domain.Outcomes;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Persistence;

/// <summary>
/// The outcome report's counts that need provider-specific SQL (ADR 0037). SQLite stores instants as UTC ticks
/// (ADR 6), so a time difference is an integer subtraction there and an epoch difference on PostgreSQL. Every
/// query reads one range of one covering index: <c>IX_Cases_Report</c> or <c>IX_TilsMeasurements_Report</c>.
/// </summary>
internal sealed class ReportQueries : IReportQueries
{
    private const string Baseline = nameof(MeasurementPoint.Baseline);

    public async Task<IReadOnlyList<CaseDayCount>> CasesByMonthAndDays(IAppDbContext db, IReadOnlyList<DateTimeOffset> boundaries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentOutOfRangeException.ThrowIfLessThan(boundaries.Count, 2);
        if (Municipality(db) is not { } municipality)
        {
            return [];
        }

        var sqlite = db.Database.IsSqlite();
        var days = sqlite
            ? $"""CASE WHEN "FirstContactAt" >= "OpenedAt" THEN ("FirstContactAt" - "OpenedAt") / {TimeSpan.TicksPerDay} ELSE -(("OpenedAt" - "FirstContactAt" - 1) / {TimeSpan.TicksPerDay}) - 1 END"""
            : """floor((extract(epoch from "FirstContactAt") - extract(epoch from "OpenedAt")) / 86400)""";

        // Parameters: {0} the municipality, {1}… the boundaries. The month is a balanced tree of comparisons
        // (four for a year), so a row costs the same whatever the period's length.
        var arguments = new List<object> { municipality };
        arguments.AddRange(boundaries.Select(b => At(sqlite, b)));
        var last = "{" + boundaries.Count.ToString(CultureInfo.InvariantCulture) + "}";
        var sql = $$"""
            SELECT CAST({{MonthOf(1, 0, boundaries.Count - 1)}} AS bigint) AS "Month", CAST({{days}} AS bigint) AS "Days", COUNT(*) AS "Cases"
            FROM "Cases"
            WHERE "MunicipalityCode" = {0} AND "OpenedAt" >= {1} AND "OpenedAt" < {{last}}
            GROUP BY 1, 2
            """;
        var rows = await db.Database.SqlQueryRaw<CaseDayRow>(sql, [.. arguments]).ToListAsync(cancellationToken);
        return rows.Select(r => new CaseDayCount((int)r.Month, r.Days is { } d ? (int)d : null, (int)r.Cases)).ToList();
    }

    public async Task<IReadOnlyList<TimeSpan>> TimesToFirstContact(
        IAppDbContext db, DateTimeOffset start, DateTimeOffset end, int days, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Municipality(db) is not { } municipality)
        {
            return [];
        }

        var sqlite = db.Database.IsSqlite();

        // The whole days' range as a range of the exact difference: ticks on SQLite, seconds on PostgreSQL.
        var (difference, value, low, high) = sqlite
            ? ("""("FirstContactAt" - "OpenedAt")""", """("FirstContactAt" - "OpenedAt")""", days * TimeSpan.TicksPerDay, (days + 1L) * TimeSpan.TicksPerDay)
            : ("""(extract(epoch from "FirstContactAt") - extract(epoch from "OpenedAt"))""",
                """CAST((extract(epoch from "FirstContactAt") - extract(epoch from "OpenedAt")) * 10000000 AS bigint)""",
                days * 86400L, (days + 1L) * 86400L);
        var sql = $$"""
            SELECT {{value}} AS "Value"
            FROM "Cases"
            WHERE "MunicipalityCode" = {0} AND "OpenedAt" >= {1} AND "OpenedAt" < {2} AND {{difference}} >= {3} AND {{difference}} < {4}
            ORDER BY 1
            LIMIT {5} OFFSET {6}
            """;
        var ticks = await db.Database.SqlQueryRaw<long>(sql, municipality, At(sqlite, start), At(sqlite, end), low, high, take, skip).ToListAsync(cancellationToken);
        return ticks.Select(TimeSpan.FromTicks).ToList();
    }

    public async Task<IReadOnlyList<TilsPairCount>> TilsPairs(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (Municipality(db) is not { } municipality)
        {
            return [];
        }

        var sqlite = db.Database.IsSqlite();
        var rows = await db.Database.SqlQueryRaw<TilsPairRow>(sqlite ? SqliteTilsPairs : PostgresTilsPairs, municipality, At(sqlite, start), At(sqlite, end))
            .ToListAsync(cancellationToken);
        return rows.Select(r => new TilsPairCount(
            Enum.Parse<LonelinessCategory>(r.Baseline), r.Later is { } later ? Enum.Parse<LonelinessCategory>(later) : null, (int)r.Cases, r.TotalChange)).ToList();
    }

    // Per case (one group of the index's order, no sort): the first baseline by (time, total, category) and the
    // latest later score by time, a tie going to the first by (point, total, category) — the rows the in-memory
    // pairing took when it read the index in its order. A later score counts only if it is after the baseline.
    // SQLite has no ordered aggregate: each candidate is a fixed-width text key whose smallest value is the row
    // wanted (the later score's time is stored as 4·10¹⁸ − ticks, so the smallest is the latest), read back by
    // position: time 1–20, then the baseline's total 22–24 and category from 26; the later's point 22–31,
    // total 33–35 and category from 37.
    private const string SqliteTilsPairs = $"""
        SELECT substr(p."B", 26) AS "Baseline",
               CASE WHEN p."LaterAfterBaseline" THEN substr(p."L", 37) END AS "Later",
               COUNT(*) AS "Cases",
               COALESCE(SUM(CASE WHEN p."LaterAfterBaseline" THEN CAST(substr(p."L", 33, 3) AS INTEGER) - CAST(substr(p."B", 22, 3) AS INTEGER) END), 0) AS "TotalChange"
        FROM (
            SELECT k."B", k."L", 4000000000000000000 - CAST(substr(k."L", 1, 20) AS INTEGER) > CAST(substr(k."B", 1, 20) AS INTEGER) AS "LaterAfterBaseline"
            FROM (
                SELECT MIN(CASE WHEN "Point" = '{Baseline}' THEN printf('%020d %03d %s', "MeasuredAt", "Total", "Category") END) AS "B",
                       MIN(CASE WHEN "Point" <> '{Baseline}' THEN printf('%020d %-10s %03d %s', 4000000000000000000 - "MeasuredAt", "Point", "Total", "Category") END) AS "L"
                FROM "TilsMeasurements"
                WHERE "MunicipalityCode" = {"{0}"} AND "CaseOpenedAt" >= {"{1}"} AND "CaseOpenedAt" < {"{2}"}
                GROUP BY "CaseOpenedAt", "CaseId"
            ) AS k
            WHERE k."B" IS NOT NULL
        ) AS p
        GROUP BY 1, 2
        """;

    // The same pairing with PostgreSQL's ordered aggregates.
    private const string PostgresTilsPairs = $"""
        SELECT p."BaselineCategory" AS "Baseline",
               CASE WHEN p."LaterAt" > p."BaselineAt" THEN p."LaterCategory" END AS "Later",
               COUNT(*) AS "Cases",
               CAST(COALESCE(SUM(CASE WHEN p."LaterAt" > p."BaselineAt" THEN p."LaterTotal" - p."BaselineTotal" END), 0) AS bigint) AS "TotalChange"
        FROM (
            SELECT MIN("MeasuredAt") FILTER (WHERE "Point" = '{Baseline}') AS "BaselineAt",
                   (array_agg("Total" ORDER BY "MeasuredAt", "Total", "Category" COLLATE "C") FILTER (WHERE "Point" = '{Baseline}'))[1] AS "BaselineTotal",
                   (array_agg("Category" ORDER BY "MeasuredAt", "Total", "Category" COLLATE "C") FILTER (WHERE "Point" = '{Baseline}'))[1] AS "BaselineCategory",
                   MAX("MeasuredAt") FILTER (WHERE "Point" <> '{Baseline}') AS "LaterAt",
                   (array_agg("Total" ORDER BY "MeasuredAt" DESC, "Point" COLLATE "C", "Total", "Category" COLLATE "C") FILTER (WHERE "Point" <> '{Baseline}'))[1] AS "LaterTotal",
                   (array_agg("Category" ORDER BY "MeasuredAt" DESC, "Point" COLLATE "C", "Total", "Category" COLLATE "C") FILTER (WHERE "Point" <> '{Baseline}'))[1] AS "LaterCategory"
            FROM "TilsMeasurements"
            WHERE "MunicipalityCode" = {"{0}"} AND "CaseOpenedAt" >= {"{1}"} AND "CaseOpenedAt" < {"{2}"}
            GROUP BY "CaseOpenedAt", "CaseId"
        ) AS p
        WHERE p."BaselineAt" IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>The month of the boundaries [lo, hi) an OpenedAt falls in; parameter {first + i} is boundary i.</summary>
    private static string MonthOf(int first, int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return lo.ToString(CultureInfo.InvariantCulture);
        }

        var mid = (lo + hi) / 2;
        return new StringBuilder("CASE WHEN \"OpenedAt\" < {").Append(first + mid).Append("} THEN ").Append(MonthOf(first, lo, mid))
            .Append(" ELSE ").Append(MonthOf(first, mid, hi)).Append(" END").ToString();
    }

    // The query filters compare rows with the context's municipality; raw SQL applies the same one by hand.
    private static string? Municipality(IAppDbContext db) => ((LinkWorkerDbContext)db).CurrentMunicipality;

    // As the model's value conversion stores it (ADR 6).
    private static object At(bool sqlite, DateTimeOffset instant) => sqlite ? instant.UtcTicks : instant.ToUniversalTime();

    private sealed class CaseDayRow
    {
        public long Month { get; set; }

        public long? Days { get; set; }

        public long Cases { get; set; }
    }

    private sealed class TilsPairRow
    {
        public string Baseline { get; set; } = "";

        public string? Later { get; set; }

        public long Cases { get; set; }

        public long TotalChange { get; set; }
    }
}
