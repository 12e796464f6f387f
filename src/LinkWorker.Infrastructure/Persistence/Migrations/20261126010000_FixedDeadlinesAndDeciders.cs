using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Issue 19: a case keeps the first-contact rule in force when its referral arrived (so changing the municipality's
/// setting never moves existing deadlines), and a routing decision keeps the display name of who decided.
/// Existing cases are backfilled with their municipality's current setting — the deadline they were shown until now —
/// and existing decisions with the decider's display name from the account store (external accounts stay empty).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126010000_FixedDeadlinesAndDeciders")]
public sealed class FixedDeadlinesAndDeciders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "FirstContactWorkingDays", table: "Cases", nullable: false, defaultValue: 5);
        migrationBuilder.Sql("""
            UPDATE "Cases" SET "FirstContactWorkingDays" =
                (SELECT m."FirstContactWorkingDays" FROM "Municipalities" m WHERE m."Code" = "Cases"."MunicipalityCode")
            """);

        migrationBuilder.AddColumn<string>(name: "DecidedByName", table: "RoutingDecisions", nullable: true, maxLength: 200);
        migrationBuilder.Sql("""
            UPDATE "RoutingDecisions" SET "DecidedByName" =
                (SELECT u."DisplayName" FROM "AspNetUsers" u WHERE u."Id" = "RoutingDecisions"."DecidedByUserId")
            WHERE "DecidedByUserId" IS NOT NULL
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        DropColumn(migrationBuilder, "RoutingDecisions", "DecidedByName");
        DropColumn(migrationBuilder, "Cases", "FirstContactWorkingDays");
    }

    // EF Core's SQLite provider refuses DropColumn without a model snapshot; SQLite itself (3.35+) can drop a column.
    private static void DropColumn(MigrationBuilder migrationBuilder, string table, string column)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\"");
        }
        else
        {
            migrationBuilder.DropColumn(name: column, table: table);
        }
    }
}
