using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// Encryption at rest (issue 16, ADR 26): the key ring's table, the CPR number's keyed-hash column with the
/// one-citizen-per-number index moved onto it, and the protected columns widened to unbounded text (ciphertext is
/// longer than the text; SQLite's TEXT has no bound already). SQL cannot encrypt, so the rows already there are
/// converted by the database initializer right after this migration (FieldReencryption, plain text only), before
/// the service takes a request. Until then their CPR hash is null, which the unique index allows.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126192000_EncryptionAtRest")]
public sealed class EncryptionAtRest : Migration
{
    /// <summary>The protected columns that had a length bound, with it (for Down).</summary>
    internal static readonly (string Table, string Column, int MaxLength)[] Widened =
    [
        ("Citizens", "CprNumber", 10), ("Citizens", "Phone", 30), ("Citizens", "Email", 254), ("Citizens", "Street", 200),
        ("Referrals", "Reason", 4000), ("Referrals", "PracticalNeedsNotes", 1000), ("Cases", "ClosureNote", 2000),
        ("Conversations", "Summary", 8000), ("Conversations", "CitizensView", 4000), ("Conversations", "AgreedNextSteps", 4000),
        ("ConversationAmendments", "OldValue", 8000), ("ConversationAmendments", "NewValue", 8000), ("ConversationAmendments", "Reason", 500),
        ("FollowUps", "Note", 1000), ("FollowUps", "CancellationReason", 200), ("Consents", "WithdrawalReason", 500),
        ("CommunityParticipations", "StopReason", 500), ("RoutingDecisions", "Reasons", 4000),
        ("Notifications", "Destination", 254), ("Notifications", "Body", 2000), ("Notifications", "EnglishBody", 2000),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "EncryptionKeys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Purpose = table.Column<string>(maxLength: 10, nullable: false),
                WrappedKey = table.Column<string>(maxLength: 200, nullable: false),
                MasterKeyId = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Timestamp(migrationBuilder, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_EncryptionKeys", x => x.Id));

        migrationBuilder.DropIndex(name: "IX_Citizens_MunicipalityCode_CprNumber", table: "Citizens");
        migrationBuilder.AddColumn<string>(name: "CprHash", table: "Citizens", maxLength: 64, nullable: true);
        migrationBuilder.CreateIndex(
            name: "IX_Citizens_MunicipalityCode_CprHash", table: "Citizens", columns: ["MunicipalityCode", "CprHash"],
            unique: true, filter: "\"CprHash\" IS NOT NULL");

        if (!migrationBuilder.IsSqlite())
        {
            foreach (var (table, column, _) in Widened)
            {
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE text;");
            }
        }
    }

    // Structure only: values encrypted since cannot be read without the dropped key ring. Decrypt before going back.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsSqlite())
        {
            foreach (var (table, column, maxLength) in Widened)
            {
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE character varying({maxLength});");
            }
        }

        migrationBuilder.DropIndex(name: "IX_Citizens_MunicipalityCode_CprHash", table: "Citizens");
        migrationBuilder.DropColumnOnAnyProvider("Citizens", "CprHash");
        migrationBuilder.CreateIndex(
            name: "IX_Citizens_MunicipalityCode_CprNumber", table: "Citizens", columns: ["MunicipalityCode", "CprNumber"],
            unique: true, filter: "\"CprNumber\" IS NOT NULL");
        migrationBuilder.DropTable(name: "EncryptionKeys");
    }
}
