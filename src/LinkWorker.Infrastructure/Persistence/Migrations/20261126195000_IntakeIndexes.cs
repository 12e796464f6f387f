using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Intake's hot queries each have their index (issue 18, checked by IntakePlanTests): a returning citizen's most
/// recently closed case was found by scanning the municipality's closed cases (IX_Cases_MunicipalityCode_Status),
/// since IX_Cases_CitizenId_Open holds open cases only.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126195000_IntakeIndexes")]
public sealed class IntakeIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(name: "IX_Cases_CitizenId_ClosedAt", table: "Cases", columns: ["CitizenId", "ClosedAt"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "IX_Cases_CitizenId_ClosedAt", table: "Cases");
}
