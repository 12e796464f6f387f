using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>T-ILS measurements, community participation, and each municipality's T-ILS cut-offs.</summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261121040000_Outcomes")]
public sealed class Outcomes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "TilsModerateFrom", table: "Municipalities", nullable: false, defaultValue: 5);
        migrationBuilder.AddColumn<int>(name: "TilsSevereFrom", table: "Municipalities", nullable: false, defaultValue: 7);

        migrationBuilder.CreateTable(
            name: "CommunityParticipations",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                OfferName = table.Column<string>(nullable: false, maxLength: 200),
                MatchedOn = table.Column<DateOnly>(nullable: false),
                FirstAttendedOn = table.Column<DateOnly>(nullable: true),
                StillAttendingAtThreeMonths = table.Column<bool>(nullable: true),
                StoppedOn = table.Column<DateOnly>(nullable: true),
                StopReason = table.Column<string>(nullable: true, maxLength: 500),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CommunityParticipations", x => x.Id);
                table.ForeignKey(
                    name: "FK_CommunityParticipations_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "TilsMeasurements",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                Point = table.Column<string>(nullable: false, maxLength: 10),
                MeasuredAt = table.Timestamp(migrationBuilder, nullable: false),
                LackCompanionship = table.Column<int>(nullable: false),
                FeelLeftOut = table.Column<int>(nullable: false),
                FeelIsolated = table.Column<int>(nullable: false),
                Total = table.Column<int>(nullable: false),
                Category = table.Column<string>(nullable: false, maxLength: 20),
                WordingVersion = table.Column<string>(nullable: false, maxLength: 40),
                RecordedBy = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TilsMeasurements", x => x.Id);
                table.ForeignKey(
                    name: "FK_TilsMeasurements_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_CommunityParticipations_CaseId",
            table: "CommunityParticipations",
            column: "CaseId");

        migrationBuilder.CreateIndex(
            name: "IX_TilsMeasurements_CaseId_MeasuredAt",
            table: "TilsMeasurements",
            columns: new[] { "CaseId", "MeasuredAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "CommunityParticipations");
        migrationBuilder.DropTable(name: "TilsMeasurements");
        migrationBuilder.DropColumn(name: "TilsSevereFrom", table: "Municipalities");
        migrationBuilder.DropColumn(name: "TilsModerateFrom", table: "Municipalities");
    }
}
