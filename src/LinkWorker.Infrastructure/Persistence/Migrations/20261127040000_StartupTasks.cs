using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Work the next start does once (ADR 34). The plain-text pass of encryption at rest (ADR 26) ran at every start, a
/// full scan of every encrypted table; it is now asked for here, once, for the rows written before 20261126192000
/// and 20261126196000 (and any a crashed earlier pass left), and the start that finishes it deletes the row.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261127040000_StartupTasks")]
public sealed class StartupTasks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StartupTasks",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 100, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StartupTasks", x => x.Name));
        migrationBuilder.Sql($"INSERT INTO \"StartupTasks\" (\"Name\") VALUES ('{StartupTask.EncryptPlainText}');");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "StartupTasks");
}
