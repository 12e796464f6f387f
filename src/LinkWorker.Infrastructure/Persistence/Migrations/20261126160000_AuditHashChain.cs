using LinkWorker.Infrastructure.Auditing;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The audit trail becomes tamper-evident (issue 16, ADR 25): every new row is a link of one of
/// <see cref="AuditChain.Count"/> hash chains, whose heads are rows of their own. Rows written before this migration
/// stay unchained; the heads remember how many there were, so deleting or inserting one of them is still seen.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126160000_AuditHashChain")]
public sealed class AuditHashChain : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(name: "Chain", table: "AuditEntries", nullable: true);
        migrationBuilder.AddColumn<long>(name: "Sequence", table: "AuditEntries", nullable: true);
        migrationBuilder.AddColumn<string>(name: "Hash", table: "AuditEntries", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex(
            name: "IX_AuditEntries_Chain_Sequence", table: "AuditEntries", columns: ["Chain", "Sequence"], unique: true);

        migrationBuilder.CreateTable(
            name: "AuditChainHeads",
            columns: table => new
            {
                Chain = table.Column<int>(nullable: false),
                LastSequence = table.Column<long>(nullable: false),
                LastHash = table.Column<string>(maxLength: 64, nullable: false),
                UnchainedBefore = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AuditChainHeads", x => x.Chain));

        for (var chain = 0; chain < AuditChain.Count; chain++)
        {
            migrationBuilder.Sql($"""
                INSERT INTO "AuditChainHeads" ("Chain", "LastSequence", "LastHash", "UnchainedBefore")
                SELECT {chain}, 0, '{Domain.Auditing.AuditChainHead.Genesis}', COUNT(*) FROM "AuditEntries";
                """);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "AuditChainHeads");
        migrationBuilder.DropIndex(name: "IX_AuditEntries_Chain_Sequence", table: "AuditEntries");
        migrationBuilder.DropColumnOnAnyProvider("AuditEntries", "Hash");
        migrationBuilder.DropColumnOnAnyProvider("AuditEntries", "Sequence");
        migrationBuilder.DropColumnOnAnyProvider("AuditEntries", "Chain");
    }
}
