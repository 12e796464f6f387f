using System.Globalization;
using System.Text;
using LinkWorker.Domain.Calendar;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The queues walk an index in their order instead of sorting all of a guide's (or a municipality's) cases for every
/// page (issues 14 and 18, ADR 29): a case stores the instant its first contact becomes overdue (null once made),
/// and two indexes hold the queues' order after their filter. Routing decisions get a guide index, for "new since
/// your last visit".
/// </summary>
/// <remarks>
/// The backfill needs the Danish working-day calendar, which SQL does not know: the migration writes the calendar of
/// 2020–2040 into two scratch tables (each day's start and its working-day ordinal; each working day's end by
/// ordinal), so that "the n-th working day after the Danish day the case was opened" is two index look-ups, and
/// drops them again. A case opened outside those years (none exist) is due at its opening, i.e. overdue.
/// </remarks>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126190000_QueueOrderIndexes")]
public sealed class QueueOrderIndexes : Migration
{
    private static readonly DateOnly First = new(2020, 1, 1);
    private static readonly DateOnly Last = new(2040, 12, 31);

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddTimestampColumn(name: "FirstContactDueAt", table: "Cases", nullable: true);

        var sqlite = migrationBuilder.IsSqlite();
        var instant = sqlite ? "INTEGER" : "timestamptz";
        migrationBuilder.Sql($"""CREATE TABLE "CalendarDays" ("DayStart" {instant} NOT NULL PRIMARY KEY, "Ordinal" INTEGER NOT NULL)""");
        migrationBuilder.Sql($"""CREATE TABLE "CalendarWorkingDays" ("Ordinal" INTEGER NOT NULL PRIMARY KEY, "DayEnd" {instant} NOT NULL)""");
        foreach (var statement in CalendarInserts(sqlite))
        {
            migrationBuilder.Sql(statement);
        }

        migrationBuilder.Sql("""
            UPDATE "Cases" SET "FirstContactDueAt" = COALESCE((
                SELECT w."DayEnd" FROM "CalendarWorkingDays" w
                WHERE w."Ordinal" = (
                    SELECT d."Ordinal" FROM "CalendarDays" d WHERE d."DayStart" <= "Cases"."OpenedAt"
                    ORDER BY d."DayStart" DESC LIMIT 1) + "Cases"."FirstContactWorkingDays"), "Cases"."OpenedAt")
            WHERE "FirstContactAt" IS NULL
            """);
        migrationBuilder.Sql("""DROP TABLE "CalendarWorkingDays" """);
        migrationBuilder.Sql("""DROP TABLE "CalendarDays" """);

        migrationBuilder.CreateIndex(
            name: "IX_Cases_GuideQueue", table: "Cases",
            columns: ["AssignedGuideId", "Urgency", "FirstContactDueAt", "OpenedAt", "Id"], filter: "\"Status\" <> 'Closed'");
        migrationBuilder.CreateIndex(
            name: "IX_Cases_StatusQueue", table: "Cases",
            columns: ["MunicipalityCode", "Status", "Urgency", "FirstContactDueAt", "OpenedAt", "Id"]);
        migrationBuilder.CreateIndex(
            name: "IX_RoutingDecisions_GuideId_DecidedAt", table: "RoutingDecisions", columns: ["GuideId", "DecidedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_RoutingDecisions_GuideId_DecidedAt", table: "RoutingDecisions");
        migrationBuilder.DropIndex(name: "IX_Cases_StatusQueue", table: "Cases");
        migrationBuilder.DropIndex(name: "IX_Cases_GuideQueue", table: "Cases");
        migrationBuilder.DropColumnOnAnyProvider("Cases", "FirstContactDueAt");
    }

    /// <summary>The calendar's rows, 500 to a statement.</summary>
    private static IEnumerable<string> CalendarInserts(bool sqlite)
    {
        var days = new List<string>();
        var working = new List<string>();
        var ordinal = 0;
        for (var day = First; day <= Last; day = day.AddDays(1))
        {
            if (WorkingDayCalendar.Default.IsWorkingDay(day))
            {
                ordinal++;
                working.Add($"({ordinal}, {Literal(DanishTime.EndOf(day), sqlite)})");
            }

            days.Add($"({Literal(DanishTime.StartOf(day), sqlite)}, {ordinal})");
        }

        foreach (var (table, columns, rows) in (ValueTuple<string, string, List<string>>[])
            [("CalendarDays", "\"DayStart\", \"Ordinal\"", days), ("CalendarWorkingDays", "\"Ordinal\", \"DayEnd\"", working)])
        {
            foreach (var chunk in rows.Chunk(500))
            {
                var sql = new StringBuilder($"INSERT INTO \"{table}\" ({columns}) VALUES ");
                sql.AppendJoin(", ", chunk);
                yield return sql.ToString();
            }
        }
    }

    private static string Literal(DateTimeOffset at, bool sqlite) => sqlite
        ? at.UtcTicks.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"TIMESTAMPTZ '{at.UtcDateTime:yyyy-MM-dd HH:mm:ss}+00'");
}
