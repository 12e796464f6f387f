using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// A case's audit trail is read a page at a time, newest first (issue 14, ADR 31): each entity's own entries and the
/// list reads that showed it are each one index range in that order. A list read's subjects get their entry's time
/// (copied from the entry; the table is append-only, so its protection is lifted for the backfill only).
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261127010000_CaseAuditPaging")]
public sealed class CaseAuditPaging : Migration
{
    public const string Backfill = """
        UPDATE "AuditEntrySubjects" SET "At" = (
            SELECT a."At" FROM "AuditEntries" a WHERE a."Id" = "AuditEntrySubjects"."AuditEntryId");
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.AddColumn<long>(name: "At", table: "AuditEntrySubjects", nullable: false, defaultValue: 0L);
        }
        else
        {
            migrationBuilder.AddColumn<DateTimeOffset>(name: "At", table: "AuditEntrySubjects", nullable: false, defaultValue: DateTimeOffset.UnixEpoch);
        }

        AuditTrailProtection.Drop(migrationBuilder, "AuditEntrySubjects");
        migrationBuilder.Sql(Backfill);
        AuditTrailProtection.Create(migrationBuilder, "AuditEntrySubjects");
        if (!migrationBuilder.IsSqlite())
        {
            // The default only filled existing rows; every new subject is written with its entry's time.
            migrationBuilder.Sql("""ALTER TABLE "AuditEntrySubjects" ALTER COLUMN "At" DROP DEFAULT;""");
        }

        migrationBuilder.CreateIndex(
            name: "IX_AuditEntrySubjects_EntityId_At_AuditEntryId",
            table: "AuditEntrySubjects",
            columns: ["EntityId", "At", "AuditEntryId"]);
        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_EntityId_At_Id",
            table: "AuditEntries",
            columns: ["EntityId", "At", "Id"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_AuditEntries_EntityId_At_Id", table: "AuditEntries");
        migrationBuilder.DropIndex(name: "IX_AuditEntrySubjects_EntityId_At_AuditEntryId", table: "AuditEntrySubjects");
        migrationBuilder.DropColumnOnAnyProvider("AuditEntrySubjects", "At");
    }
}
