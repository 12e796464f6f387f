using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Keyset paging of the queues and one audit entry per list read (issue 13, ADR 7): the case keeps its highest
/// referral urgency (so the queue can order by it in SQL), and the subjects of a list read. The queues need no new
/// index: the guide's queue is read through IX_Cases_AssignedGuideId, triage through IX_Cases_MunicipalityCode_Status
/// (checked by QueuePlanTests).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126060000_KeysetPagingAndListAudit")]
public sealed class KeysetPagingAndListAudit : Migration
{
    /// <summary>
    /// Gives every case its referrals' highest urgency. Referrals store urgency as text; the case stores its rank
    /// (Low 0, Normal 1, High 2) to order by.
    /// </summary>
    public const string BackfillUrgency = """
        UPDATE "Cases" SET "Urgency" = COALESCE((
            SELECT MAX(CASE r."Urgency" WHEN 'High' THEN 2 WHEN 'Normal' THEN 1 ELSE 0 END)
            FROM "Referrals" r WHERE r."CaseId" = "Cases"."Id"), 1);
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Urgency", table: "Cases", nullable: false, defaultValue: 0);

        migrationBuilder.Sql(BackfillUrgency);

        migrationBuilder.CreateTable(
            name: "AuditEntrySubjects",
            columns: table => new
            {
                EntityId = table.Column<Guid>(nullable: false),
                AuditEntryId = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_AuditEntrySubjects", x => new { x.EntityId, x.AuditEntryId });
                table.ForeignKey(
                    name: "FK_AuditEntrySubjects_AuditEntries_AuditEntryId",
                    column: x => x.AuditEntryId,
                    principalTable: "AuditEntries",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Restrict);
            });
        migrationBuilder.CreateIndex(name: "IX_AuditEntrySubjects_AuditEntryId", table: "AuditEntrySubjects", column: "AuditEntryId");
        AuditTrailProtection.Create(migrationBuilder, "AuditEntrySubjects");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        AuditTrailProtection.Drop(migrationBuilder, "AuditEntrySubjects");
        migrationBuilder.DropTable(name: "AuditEntrySubjects");
        migrationBuilder.DropColumn(name: "Urgency", table: "Cases");
    }
}
