using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Issue 17 (ADR 0024): a referral keeps the sending system's ServiceRequest identifier, unique per organisation, so a
/// resubmission finds it for ever (conditional create), and a case keeps when its status last changed and when it last
/// got or lost a guide, so a referring system's poll (<c>_lastUpdated=gt…</c>) sees every transition.
/// Existing cases get the latest time they already keep that is not after the change: closed → ClosedAt, contacted
/// or active → FirstContactAt, otherwise OpenedAt (an assignment's own time was never kept).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126194000_FhirConditionalCreateAndStatusTimes")]
public sealed class FhirConditionalCreateAndStatusTimes : Migration
{
    public const string Backfill = """
        UPDATE "Cases" SET
            "StatusChangedAt" = CASE
                WHEN "Status" = 'Closed' AND "ClosedAt" IS NOT NULL THEN "ClosedAt"
                WHEN "Status" IN ('Contacted', 'Active') AND "FirstContactAt" IS NOT NULL THEN "FirstContactAt"
                ELSE "OpenedAt" END,
            "GuideChangedAt" = "OpenedAt";
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ExternalIdSystem", table: "Referrals", maxLength: 255, nullable: true);
        migrationBuilder.AddColumn<string>(name: "ExternalIdValue", table: "Referrals", maxLength: 255, nullable: true);
        migrationBuilder.CreateIndex(
            name: "IX_Referrals_ExternalId",
            table: "Referrals",
            columns: ["OrganisationId", "ExternalIdSystem", "ExternalIdValue"],
            unique: true,
            filter: "\"ExternalIdValue\" IS NOT NULL");
        // The new index leads with OrganisationId, so it serves the foreign key too (as the model has it).
        migrationBuilder.DropIndex(name: "IX_Referrals_OrganisationId", table: "Referrals");

        foreach (var column in (string[])["StatusChangedAt", "GuideChangedAt"])
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.AddColumn<long>(name: column, table: "Cases", nullable: false, defaultValue: 0L);
            }
            else
            {
                migrationBuilder.AddColumn<DateTimeOffset>(name: column, table: "Cases", nullable: false, defaultValue: DateTimeOffset.UnixEpoch);
            }
        }

        migrationBuilder.Sql(Backfill);
        if (!migrationBuilder.IsSqlite())
        {
            // The default only filled existing rows; the domain sets both on every new case.
            migrationBuilder.Sql("""ALTER TABLE "Cases" ALTER COLUMN "StatusChangedAt" DROP DEFAULT, ALTER COLUMN "GuideChangedAt" DROP DEFAULT;""");
        }

        // Not led by MunicipalityCode: SQLite would then take it for every municipality-filtered case query (the queues).
        migrationBuilder.CreateIndex(name: "IX_Cases_StatusChangedAt", table: "Cases", column: "StatusChangedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Cases_StatusChangedAt", table: "Cases");
        migrationBuilder.DropColumnOnAnyProvider("Cases", "GuideChangedAt");
        migrationBuilder.DropColumnOnAnyProvider("Cases", "StatusChangedAt");
        migrationBuilder.CreateIndex(name: "IX_Referrals_OrganisationId", table: "Referrals", column: "OrganisationId");
        migrationBuilder.DropIndex(name: "IX_Referrals_ExternalId", table: "Referrals");
        migrationBuilder.DropColumnOnAnyProvider("Referrals", "ExternalIdValue");
        migrationBuilder.DropColumnOnAnyProvider("Referrals", "ExternalIdSystem");
    }
}
