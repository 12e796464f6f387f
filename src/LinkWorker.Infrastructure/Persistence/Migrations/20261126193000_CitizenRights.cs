using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Retention and the citizen's rights (issue 16, ADR 27): each municipality's retention period (default five years
/// after the last case closed), when a citizen was erased or restricted, the history of rectified fields, and
/// erasure/restriction requests with their second coordinator's decision.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126193000_CitizenRights")]
public sealed class CitizenRights : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "PersonalDataRetentionMonths", table: "Municipalities", nullable: false, defaultValue: 60);
        migrationBuilder.AddTimestampColumn("ErasedAt", "Citizens", nullable: true);
        migrationBuilder.AddTimestampColumn("RestrictedAt", "Citizens", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_Cases_CitizenId_ClosedAt", table: "Cases", columns: ["CitizenId", "ClosedAt"]);

        migrationBuilder.CreateTable(
            name: "CitizenRectifications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(maxLength: 4, nullable: false),
                CitizenId = table.Column<Guid>(nullable: false),
                Field = table.Column<string>(maxLength: 20, nullable: false),
                OldValue = table.Column<string>(maxLength: 254, nullable: true),
                NewValue = table.Column<string>(maxLength: 254, nullable: true),
                Reason = table.Column<string>(maxLength: 500, nullable: false),
                RectifiedBy = table.Column<Guid>(nullable: false),
                RectifiedAt = table.Timestamp(migrationBuilder, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CitizenRectifications", x => x.Id);
                table.ForeignKey(
                    name: "FK_CitizenRectifications_Citizens_CitizenId", column: x => x.CitizenId,
                    principalTable: "Citizens", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_CitizenRectifications_CitizenId", table: "CitizenRectifications", column: "CitizenId");

        migrationBuilder.CreateTable(
            name: "RightsRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(maxLength: 4, nullable: false),
                CitizenId = table.Column<Guid>(nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Reason = table.Column<string>(maxLength: 1000, nullable: false),
                RequestedBy = table.Column<Guid>(nullable: false),
                RequestedAt = table.Timestamp(migrationBuilder, nullable: false),
                Status = table.Column<string>(maxLength: 20, nullable: false),
                DecidedBy = table.Column<Guid>(nullable: true),
                DecidedAt = table.Timestamp(migrationBuilder, nullable: true),
                DecisionNote = table.Column<string>(maxLength: 1000, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RightsRequests", x => x.Id);
                table.ForeignKey(
                    name: "FK_RightsRequests_Citizens_CitizenId", column: x => x.CitizenId,
                    principalTable: "Citizens", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_RightsRequests_CitizenId", table: "RightsRequests", column: "CitizenId");
        migrationBuilder.CreateIndex(name: "IX_RightsRequests_MunicipalityCode_Status", table: "RightsRequests", columns: ["MunicipalityCode", "Status"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "RightsRequests");
        migrationBuilder.DropTable(name: "CitizenRectifications");
        migrationBuilder.DropIndex(name: "IX_Cases_CitizenId_ClosedAt", table: "Cases");
        migrationBuilder.DropColumnOnAnyProvider("Citizens", "RestrictedAt");
        migrationBuilder.DropColumnOnAnyProvider("Citizens", "ErasedAt");
        migrationBuilder.DropColumnOnAnyProvider("Municipalities", "PersonalDataRetentionMonths");
    }
}
