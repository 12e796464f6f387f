using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Follow-ups and the notification outbox; each municipality's escalation delay and follow-up plans. (Quartz
/// provisions its own QRTZ_ tables when the scheduler starts.)
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261121030000_FollowUpsAndNotifications")]
public sealed class FollowUpsAndNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "EscalateFollowUpsAfterDays", table: "Municipalities", nullable: false, defaultValue: 3);
        migrationBuilder.AddColumn<string>(name: "FollowUpPlans", table: "Municipalities", maxLength: 4000, nullable: false, defaultValue: "[]");

        migrationBuilder.CreateTable(
            name: "Notifications",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                DeduplicationKey = table.Column<string>(nullable: false, maxLength: 200),
                Channel = table.Column<string>(nullable: false, maxLength: 10),
                Kind = table.Column<string>(nullable: false, maxLength: 30),
                RecipientUserId = table.Column<Guid>(nullable: true),
                Destination = table.Column<string>(nullable: true, maxLength: 254),
                CaseId = table.Column<Guid>(nullable: true),
                FollowUpId = table.Column<Guid>(nullable: true),
                Title = table.Column<string>(nullable: false, maxLength: 200),
                Body = table.Column<string>(nullable: false, maxLength: 2000),
                Status = table.Column<string>(nullable: false, maxLength: 10),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
                NextAttemptAt = table.Timestamp(migrationBuilder, nullable: false),
                SentAt = table.Timestamp(migrationBuilder, nullable: true),
                LastError = table.Column<string>(nullable: true, maxLength: 300),
                ReadAt = table.Timestamp(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Notifications", x => x.Id);
            });

        migrationBuilder.CreateTable(
            name: "FollowUps",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(nullable: false, maxLength: 4),
                CaseId = table.Column<Guid>(nullable: false),
                DueAt = table.Timestamp(migrationBuilder, nullable: false),
                Kind = table.Column<string>(nullable: false, maxLength: 20),
                Note = table.Column<string>(nullable: true, maxLength: 1000),
                Status = table.Column<string>(nullable: false, maxLength: 20),
                CreatedBy = table.Column<Guid>(nullable: false),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
                FiredAt = table.Timestamp(migrationBuilder, nullable: true),
                CompletedAt = table.Timestamp(migrationBuilder, nullable: true),
                CancelledAt = table.Timestamp(migrationBuilder, nullable: true),
                CancellationReason = table.Column<string>(nullable: true, maxLength: 200),
                EscalatedAt = table.Timestamp(migrationBuilder, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_FollowUps", x => x.Id);
                table.ForeignKey(
                    name: "FK_FollowUps_Cases_CaseId",
                    column: x => x.CaseId,
                    principalTable: "Cases",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_FollowUps_CaseId_Status",
            table: "FollowUps",
            columns: new[] { "CaseId", "Status" });

        migrationBuilder.CreateIndex(
            name: "IX_FollowUps_MunicipalityCode_Status_DueAt",
            table: "FollowUps",
            columns: new[] { "MunicipalityCode", "Status", "DueAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Notifications_DeduplicationKey",
            table: "Notifications",
            column: "DeduplicationKey",
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_Notifications_RecipientUserId_ReadAt",
            table: "Notifications",
            columns: new[] { "RecipientUserId", "ReadAt" });

        migrationBuilder.CreateIndex(
            name: "IX_Notifications_Status_NextAttemptAt",
            table: "Notifications",
            columns: new[] { "Status", "NextAttemptAt" });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Notifications");
        migrationBuilder.DropTable(name: "FollowUps");
        migrationBuilder.DropColumn(name: "FollowUpPlans", table: "Municipalities");
        migrationBuilder.DropColumn(name: "EscalateFollowUpsAfterDays", table: "Municipalities");
    }
}
