using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// For the outcome reports: cases by municipality and referral date, and the citizen's age band kept on each
/// referral. Existing referrals keep a null band: computing it needs the Danish date of the receipt and the .NET
/// age rule, which SQLite cannot do in SQL, so the report computes it from the citizen for those rows.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261122000000_ReportAggregates")]
public sealed class ReportAggregates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "AgeBand", table: "Referrals", maxLength: 10, nullable: true);

        migrationBuilder.CreateIndex(
            name: "IX_Cases_MunicipalityCode_OpenedAt",
            table: "Cases",
            columns: new[] { "MunicipalityCode", "OpenedAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Cases_MunicipalityCode_OpenedAt", table: "Cases");
        migrationBuilder.DropColumn(name: "AgeBand", table: "Referrals");
    }
}
