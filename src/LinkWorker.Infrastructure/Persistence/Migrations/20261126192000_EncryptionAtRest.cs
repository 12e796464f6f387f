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
    /// <summary>The protected columns that had a length bound, with it.</summary>
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
        // IF NOT EXISTS: Down keeps the ring (see there), so going down and up again finds it.
        migrationBuilder.Sql(migrationBuilder.IsSqlite()
            ? """
              CREATE TABLE IF NOT EXISTS "EncryptionKeys" ("Id" INTEGER NOT NULL CONSTRAINT "PK_EncryptionKeys" PRIMARY KEY,
                  "Purpose" TEXT NOT NULL, "WrappedKey" TEXT NOT NULL, "MasterKeyId" TEXT NOT NULL, "CreatedAt" INTEGER NOT NULL);
              """
            : """
              CREATE TABLE IF NOT EXISTS "EncryptionKeys" ("Id" integer NOT NULL, "Purpose" character varying(10) NOT NULL,
                  "WrappedKey" character varying(200) NOT NULL, "MasterKeyId" character varying(16) NOT NULL,
                  "CreatedAt" timestamp with time zone NOT NULL, CONSTRAINT "PK_EncryptionKeys" PRIMARY KEY ("Id"));
              """);

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

    // The key ring and the widened columns stay: values encrypted since are still ciphertext, and a later Up (this
    // release installed again) must read them. The CPR index goes back to the column, which ciphertext satisfies.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Citizens_MunicipalityCode_CprHash", table: "Citizens");
        migrationBuilder.DropColumnOnAnyProvider("Citizens", "CprHash");
        migrationBuilder.CreateIndex(
            name: "IX_Citizens_MunicipalityCode_CprNumber", table: "Citizens", columns: ["MunicipalityCode", "CprNumber"],
            unique: true, filter: "\"CprNumber\" IS NOT NULL");
    }
}
