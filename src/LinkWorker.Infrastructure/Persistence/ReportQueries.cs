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
        var rows = await SortingInMemory(db, () => db.Database.SqlQueryRaw<CaseDayRow>(sql, [.. arguments]).ToListAsync(cancellationToken), cancellationToken);
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
        var rows = await SortingInMemory(
            db,
            () => db.Database.SqlQueryRaw<TilsPairRow>(sqlite ? SqliteTilsPairs : PostgresTilsPairs, municipality, At(sqlite, start), At(sqlite, end)).ToListAsync(cancellationToken),
            cancellationToken);
        return rows.Select(r => new TilsPairCount(
            Enum.Parse<LonelinessCategory>(r.Baseline), r.Later is { } later ? Enum.Parse<LonelinessCategory>(later) : null, (int)r.Cases, r.TotalChange)).ToList();
    }

    // Per case (one group of the index's order, no sort): the first baseline by (time, total, category) and the
    // latest later score by time, a tie going to the first by (point, total, category) — the rows the in-memory
    // pairing took when it read the index in its order. A later score counts only if it is after the baseline.
    // Neither provider has a cheap "row with the smallest key" aggregate (PostgreSQL's ordered array_agg sorts per
    // case and took 5.6 s at 1,000,000 cases), so each candidate is a fixed-width text key whose smallest value is
    // the row wanted — the later score's time written as 4·10¹⁸ − time, so that the smallest is the latest — read
    // back by position: time 1–20, then the baseline's total 22–24 and category from 26; the later's point 22–31,
    // total 33–35 and category from 37. The middle query keeps the rows the final grouping sorts small.
    private static string TilsPairsSql(string time, string baselineKey, string laterKey, string collate) => $$"""
        SELECT p."Baseline", p."Later", COUNT(*) AS "Cases", CAST(COALESCE(SUM(p."Change"), 0) AS bigint) AS "TotalChange"
        FROM (
            SELECT substr(k."B", 26) AS "Baseline",
                   CASE WHEN k."After" THEN substr(k."L", 37) END AS "Later",
                   CASE WHEN k."After" THEN CAST(substr(k."L", 33, 3) AS INTEGER) - CAST(substr(k."B", 22, 3) AS INTEGER) END AS "Change"
            FROM (
                SELECT j."B", j."L", 4000000000000000000 - CAST(substr(j."L", 1, 20) AS bigint) > CAST(substr(j."B", 1, 20) AS bigint) AS "After"
                FROM (
                    SELECT MIN(CASE WHEN "Point" = '{{Baseline}}' THEN {{baselineKey}} END{{collate}}) AS "B",
                           MIN(CASE WHEN "Point" <> '{{Baseline}}' THEN {{laterKey}} END{{collate}}) AS "L"
                    FROM "TilsMeasurements"
                    WHERE "MunicipalityCode" = {0} AND "CaseOpenedAt" >= {1} AND "CaseOpenedAt" < {2}
                    GROUP BY "CaseOpenedAt", "CaseId"
                ) AS j
                WHERE j."B" IS NOT NULL
            ) AS k
        ) AS p
        GROUP BY p."Baseline", p."Later"
        """.Replace("{time}", time, StringComparison.Ordinal);

    // SQLite: the time is the stored ticks.
    private static readonly string SqliteTilsPairs = TilsPairsSql(
        "\"MeasuredAt\"",
        """printf('%020d %03d %s', {time}, "Total", "Category")""",
        """printf('%020d %-10s %03d %s', 4000000000000000000 - {time}, "Point", "Total", "Category")""",
        "");

    // PostgreSQL: the time in microseconds since 1970 (its precision); text compared byte by byte (COLLATE "C").
    private static readonly string PostgresTilsPairs = TilsPairsSql(
        """CAST(extract(epoch from "MeasuredAt") * 1000000 AS bigint)""",
        """lpad(CAST({time} AS text), 20, '0') || ' ' || lpad(CAST("Total" AS text), 3, '0') || ' ' || "Category" """,
        """lpad(CAST(4000000000000000000 - {time} AS text), 20, '0') || ' ' || rpad("Point", 10) || ' ' || lpad(CAST("Total" AS text), 3, '0') || ' ' || "Category" """,
        " COLLATE \"C\"");

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

    // SQLite sorts a GROUP BY (500,000–1,000,000 small rows for a year at 1,000,000 cases) in temporary files once
    // it outgrows the page cache; on this shared disk that waiting was most of the report (a T-ILS query of 1.5 s
    // CPU took 16–21 s). In memory only for these statements (a few tens of MB for a year at 1,000,000 cases); the
    // pooled connection is handed back as it was.
    private static async Task<T> SortingInMemory<T>(IAppDbContext db, Func<Task<T>> query, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return await query();
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = MEMORY;", cancellationToken);
            try
            {
                return await query();
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = DEFAULT;", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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
