using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LinkWorker.Infrastructure.Persistence.Migrations;

/// <summary>
/// PostgreSQL keeps no statistics on columns no query selects, joins or sorts by: the encrypted columns (ciphertext
/// with a random nonce, every value distinct: a histogram of it tells the planner nothing), the audit chain's
/// links, and the idempotency records' stored answers and request hashes. ANALYZE sorted a sample of each of them, in
/// the same minute as the requests: under load, autovacuum's round of analyses on the intake tables took the half-load
/// p99 from about 20 ms to 108 ms on a 2-core machine (ADR 0039, docs/performance.md). SQLite's ANALYZE reads
/// indexes only, so there is nothing to do there.
/// </summary>
[DbContext(typeof(LinkWorkerDbContext))]
[Migration("20261128000000_NoStatisticsOnCiphertext")]
public sealed class NoStatisticsOnCiphertext : Migration
{
    /// <summary>Table and columns; a column listed here is never in a WHERE, JOIN or ORDER BY.</summary>
    private static readonly (string Table, string[] Columns)[] Unselected =
    [
        ("Citizens", ["CprNumber", "Phone", "Email", "Street"]),
        ("Referrals", ["Reason", "PracticalNeedsNotes"]),
        ("Cases", ["ClosureNote"]),
        ("Consents", ["WithdrawalReason"]),
        ("RoutingDecisions", ["Reasons"]),
        ("Conversations", ["Summary", "CitizensView", "AgreedNextSteps"]),
        ("ConversationAmendments", ["OldValue", "NewValue", "Reason"]),
        ("FollowUps", ["Note", "CancellationReason"]),
        ("CommunityParticipations", ["StopReason"]),
        ("Notifications", ["Destination", "Body", "EnglishBody"]),
        ("CitizenRectifications", ["OldValue", "NewValue", "Reason"]),
        ("RightsRequests", ["Reason", "DecisionNote"]),
        ("AuditEntries", ["Hash", "CorrelationId"]),
        ("IdempotencyRecords", ["RequestHash", "Response"]),
    ];

    protected override void Up(MigrationBuilder migrationBuilder) => SetStatistics(migrationBuilder, 0);

    protected override void Down(MigrationBuilder migrationBuilder) => SetStatistics(migrationBuilder, -1); // the default again

    private static void SetStatistics(MigrationBuilder migrationBuilder, int target)
    {
        if (migrationBuilder.IsSqlite())
        {
            return;
        }

        foreach (var (table, columns) in Unselected)
        {
            migrationBuilder.Sql(
                $"ALTER TABLE \"{table}\" " + string.Join(", ", columns.Select(column => $"ALTER COLUMN \"{column}\" SET STATISTICS {target}")) + ";");
        }
    }
}
