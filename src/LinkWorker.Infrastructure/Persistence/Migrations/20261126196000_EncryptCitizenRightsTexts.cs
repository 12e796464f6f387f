using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// The citizen-rights tables' free texts are encrypted like every other text about a citizen (ADR 26): a rectified
/// phone number's old value, the reasons and decision notes. Their columns become unbounded text on PostgreSQL
/// (ciphertext is longer than the text); rows written before are plain and converted at start-up, as in
/// 20261126192000.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261126196000_EncryptCitizenRightsTexts")]
public sealed class EncryptCitizenRightsTexts : Migration
{
    private static readonly (string Table, string Column)[] Widened =
    [
        ("CitizenRectifications", "OldValue"),
        ("CitizenRectifications", "NewValue"),
        ("CitizenRectifications", "Reason"),
        ("RightsRequests", "Reason"),
        ("RightsRequests", "DecisionNote"),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsSqlite())
        {
            foreach (var (table, column) in Widened)
            {
                migrationBuilder.Sql($"ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" TYPE text;");
            }
        }
    }

    // The columns stay wide: values encrypted since are ciphertext.
    protected override void Down(MigrationBuilder migrationBuilder)
    {
    }
}
