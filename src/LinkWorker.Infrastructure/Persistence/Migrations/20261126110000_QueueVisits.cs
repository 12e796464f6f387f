using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// A guide's last two visits to their queue, so the queue can mark the cases that reached them since (issue 13).
/// One row per person, read and written by its primary key: no other index.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126110000_QueueVisits")]
public sealed class QueueVisits : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "QueueVisits",
            columns: table => new
            {
                UserId = table.Column<Guid>(nullable: false),
                MunicipalityCode = table.Column<string>(maxLength: 4, nullable: false),
                LastVisitAt = table.Timestamp(migrationBuilder, nullable: true),
                PreviousVisitAt = table.Timestamp(migrationBuilder, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_QueueVisits", x => x.UserId));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "QueueVisits");
}
