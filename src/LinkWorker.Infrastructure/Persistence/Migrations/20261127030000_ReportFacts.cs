using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The outcome report without joins (ADR 0033): referrals, consents, T-ILS scores and community matches keep their
/// case's OpenedAt (which never changes), filled here for the rows there are, and each gets a covering index that
/// starts with the municipality and that instant. The cases' report index also holds the first contact, and a new
/// one holds the closures by closing date with their reason.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261127030000_ReportFacts")]
public sealed class ReportFactColumns : Migration
{
    private static readonly string[] Tables = ["Referrals", "Consents", "TilsMeasurements", "CommunityParticipations"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var table in Tables)
        {
            migrationBuilder.AddTimestampColumn(name: "CaseOpenedAt", table: table, nullable: true);
            migrationBuilder.Sql($"""UPDATE "{table}" SET "CaseOpenedAt" = (SELECT c."OpenedAt" FROM "Cases" c WHERE c."Id" = "{table}"."CaseId")""");
        }

        migrationBuilder.CreateIndex(
            name: "IX_Referrals_Report", table: "Referrals",
            columns: ["MunicipalityCode", "CaseOpenedAt", "Sector", "OrganisationId", "AgeBand", "LifeArenas", "LifeTransitions"]);
        migrationBuilder.CreateIndex(name: "IX_Consents_Report", table: "Consents", columns: ["MunicipalityCode", "CaseOpenedAt", "CaseId", "Scopes"]);
        migrationBuilder.CreateIndex(
            name: "IX_TilsMeasurements_Report", table: "TilsMeasurements",
            columns: ["MunicipalityCode", "CaseOpenedAt", "CaseId", "Point", "MeasuredAt", "Total", "Category"]);
        migrationBuilder.CreateIndex(
            name: "IX_CommunityParticipations_Report", table: "CommunityParticipations",
            columns: ["MunicipalityCode", "CaseOpenedAt", "StillAttendingAtThreeMonths", "Status"]);

        migrationBuilder.DropIndex(name: "IX_Cases_MunicipalityCode_OpenedAt", table: "Cases");
        migrationBuilder.CreateIndex(name: "IX_Cases_Report", table: "Cases", columns: ["MunicipalityCode", "OpenedAt", "FirstContactAt"]);
        migrationBuilder.CreateIndex(name: "IX_Cases_Closures", table: "Cases", columns: ["MunicipalityCode", "ClosedAt", "Status", "ClosureReason"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Cases_Closures", table: "Cases");
        migrationBuilder.DropIndex(name: "IX_Cases_Report", table: "Cases");
        migrationBuilder.CreateIndex(name: "IX_Cases_MunicipalityCode_OpenedAt", table: "Cases", columns: ["MunicipalityCode", "OpenedAt"]);
        migrationBuilder.DropIndex(name: "IX_CommunityParticipations_Report", table: "CommunityParticipations");
        migrationBuilder.DropIndex(name: "IX_TilsMeasurements_Report", table: "TilsMeasurements");
        migrationBuilder.DropIndex(name: "IX_Consents_Report", table: "Consents");
        migrationBuilder.DropIndex(name: "IX_Referrals_Report", table: "Referrals");
        foreach (var table in Tables)
        {
            migrationBuilder.DropColumnOnAnyProvider(table, "CaseOpenedAt");
        }
    }
}
