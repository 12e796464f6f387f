using LinkWorker.Application.Tests.Support;
using LinkWorker.Infrastructure.Encryption;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Persistence;

/// <summary>
/// PostgreSQL's ANALYZE skips the columns no query selects by (ciphertext, the audit chain's links, stored answers)
/// and keeps the statistics the planner uses (ADR 0039): autovacuum's analyses ran in the middle of the intake load.
/// </summary>
public sealed class ColumnStatisticsTests_Postgres(PostgresTestDatabase database) : IClassFixture<PostgresTestDatabase>, IUsesPostgres
{
    [DatabaseFact]
    public async Task Ciphertext_and_stored_answers_get_no_statistics_and_the_columns_queries_select_by_keep_theirs()
    {
        await using var db = database.Context();
        await db.Database.MigrateAsync();

        var targets = await db.Database.SqlQueryRaw<ColumnTarget>(
            """
            SELECT c.relname AS "Table", a.attname AS "Column", COALESCE(a.attstattarget::int, -1) AS "Target"
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """).ToListAsync();
        int Target(string table, string column) => targets.Single(t => t.Table == table && t.Column == column).Target;

        foreach (var (table, column) in new[]
                 {
                     ("Citizens", "CprNumber"), ("Citizens", "Phone"), ("Citizens", "Email"), ("Citizens", "Street"),
                     ("Referrals", "Reason"), ("Referrals", "PracticalNeedsNotes"), ("RoutingDecisions", "Reasons"),
                     ("Conversations", "Summary"), ("Notifications", "Body"), ("AuditEntries", "Hash"), ("AuditEntries", "CorrelationId"),
                     ("IdempotencyRecords", "Response"), ("IdempotencyRecords", "RequestHash"),
                 })
        {
            Target(table, column).Should().Be(0, $"{table}.{column} is never selected by");
        }

        foreach (var (table, column) in new[]
                 {
                     ("Citizens", "CprHash"), ("Citizens", "DateOfBirth"), ("Citizens", "Name"), ("Referrals", "CaseId"),
                     ("Referrals", "ReceivedAt"), ("Cases", "AssignedGuideId"), ("AuditEntries", "EntityId"), ("IdempotencyRecords", "Key"),
                 })
        {
            Target(table, column).Should().Be(-1, $"queries select by {table}.{column}: the planner needs its statistics");
        }

        // Every encrypted column, including one added later: a histogram of ciphertext tells the planner nothing.
        EncryptedColumns.Of(db.Model).Select(c => (c.Table, c.Column, Target(c.Table, c.Column)))
            .Should().OnlyContain(c => c.Item3 == 0);
    }

    private sealed record ColumnTarget(string Table, string Column, int Target);
}
