using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Routing: guides, districts, routing decisions with their reasons, contact attempts; the case lifecycle's
/// new columns and each municipality's first-contact deadline and unreachable threshold.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261121010000_Routing")]
public sealed class Routing : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "FirstContactWorkingDays", table: "Municipalities", nullable: false, defaultValue: 5);
        migrationBuilder.AddColumn<int>(name: "UnreachableAfterAttempts", table: "Municipalities", nullable: false, defaultValue: 3);
        migrationBuilder.AddColumn<Guid>(name: "PreviousGuideId", table: "Cases", nullable: true);
        migrationBuilder.AddColumn<int>(name: "FailedContactAttempts", table: "Cases", nullable: false, defaultValue: 0);
        migrationBuilder.AddTimestampColumn(name: "FirstContactAt", table: "Cases", nullable: true);

        migrationBuilder.CreateTable(
            name: "Districts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                Name = table.Column<string>(nullable: false, maxLength: 100),
                Postcodes = table.Column<string>(nullable: false, maxLength: 1000),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Districts", x => x.Id);
                table.ForeignKey(
                    name: "FK_Districts_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "ContactAttempts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                At = table.Timestamp(migrationBuilder, nullable: false),
                Channel = table.Column<string>(nullable: false, maxLength: 20),
                Succeeded = table.Column<bool>(nullable: false),
                RecordedBy = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ContactAttempts", x => x.Id);
                table.ForeignKey(
                    name: "FK_ContactAttempts_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "RoutingDecisions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                DecidedAt = table.Timestamp(migrationBuilder, nullable: false),
                Kind = table.Column<string>(nullable: false, maxLength: 20),
                GuideId = table.Column<Guid>(nullable: true),
                Reasons = table.Column<string>(nullable: false, maxLength: 4000),
                DecidedByUserId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RoutingDecisions", x => x.Id);
                table.ForeignKey(
                    name: "FK_RoutingDecisions_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Guides",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                DisplayName = table.Column<string>(nullable: false, maxLength: 200),
                Capacity = table.Column<int>(nullable: false),
                ActiveCaseCount = table.Column<int>(nullable: false),
                Districts = table.Column<string>(nullable: false, maxLength: 2000),
                Languages = table.Column<string>(nullable: false, maxLength: 200),
                Specialties = table.Column<string>(nullable: false, maxLength: 300),
                Employer = table.Column<string>(nullable: false, maxLength: 20),
                IsVolunteer = table.Column<bool>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                Absences = table.Column<string>(nullable: false, maxLength: 4000),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Guides", x => x.Id);
                table.ForeignKey(
                    name: "FK_Guides_AspNetUsers_Id",
                    column: x => x.Id,
                    principalTable: "AspNetUsers",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
                table.ForeignKey(
                    name: "FK_Guides_Municipalities_MunicipalityCode",
                    column: x => x.MunicipalityCode,
                    principalTable: "Municipalities",
                    principalColumn: "Code",
                    onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateIndex(
            name: "IX_ContactAttempts_CaseId_At",
            table: "ContactAttempts",
            columns: new[] { "CaseId", "At" });

        migrationBuilder.CreateIndex(
            name: "IX_Districts_MunicipalityCode_Name",
            table: "Districts",
            columns: new[] { "MunicipalityCode", "Name" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Guides_MunicipalityCode",
            table: "Guides",
            column: "MunicipalityCode");

        migrationBuilder.CreateIndex(
            name: "IX_RoutingDecisions_CaseId_DecidedAt",
            table: "RoutingDecisions",
            columns: new[] { "CaseId", "DecidedAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "ContactAttempts");
        migrationBuilder.DropTable(name: "RoutingDecisions");
        migrationBuilder.DropTable(name: "Guides");
        migrationBuilder.DropTable(name: "Districts");
        migrationBuilder.DropColumn(name: "FirstContactAt", table: "Cases");
        migrationBuilder.DropColumn(name: "FailedContactAttempts", table: "Cases");
        migrationBuilder.DropColumn(name: "PreviousGuideId", table: "Cases");
        migrationBuilder.DropColumn(name: "UnreachableAfterAttempts", table: "Municipalities");
        migrationBuilder.DropColumn(name: "FirstContactWorkingDays", table: "Municipalities");
    }
}
