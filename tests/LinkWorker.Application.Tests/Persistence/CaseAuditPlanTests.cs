using System.Data.Common;
using LinkWorker.Application.Cases.GetCaseAudit;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class CaseAuditPlanTests_Sqlite(SqliteTestDatabase database) : CaseAuditPlanTests<SqliteTestDatabase>(database);

public sealed class CaseAuditPlanTests_Postgres(PostgresTestDatabase database) : CaseAuditPlanTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// A page of a case's audit trail reads each of the case's entities' own entries and the list reads that showed it
/// as index ranges in the trail's order (ADR 31): never the municipality's entries by date, never a scan, never a
/// sort of an entity's whole trail. As in <see cref="QueuePlanTests{TDatabase}"/>: SQLite without statistics is
/// the hard case; PostgreSQL's sequential scans are priced out on the empty tables.
/// </summary>
public abstract class CaseAuditPlanTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";

    private bool Sqlite => database.Provider == DatabaseProvider.Sqlite;

    public async Task InitializeAsync()
    {
        if (!Sqlite && PostgresRequirement.SkipReason is not null)
        {
            return;
        }

        await database.MigrateWithMunicipality(Aarhus, "Aarhus");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseTheory]
    [InlineData("first", false)]
    [InlineData("next", false)]
    [InlineData("filtered", false)]
    [InlineData("filtered next", false)]
    [InlineData("first", true)]
    [InlineData("filtered next", true)]
    public async Task Each_entitys_entries_and_list_reads_are_index_ranges_in_the_trails_order(string page, bool statistics)
    {
        // SQLite is held both ways: the app gathers statistics at start-up, but a database may lack them for a while.
        // PostgreSQL plans by cost from statistics a test's thousand rows cannot imitate at 100,000 cases: it gets
        // them (so an entry is found by its key, not among its municipality's), and what costs more than index
        // ranges read in order (scans, sorts, hashes) is priced out: this holds that such a plan exists and is taken.
        if (statistics || !Sqlite)
        {
            await WithStatistics();
        }
        else
        {
            await WithoutStatistics();
        }

        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        var after = page.EndsWith("next", StringComparison.Ordinal)
            ? new GetCaseAuditHandler.AuditKey(DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid())
            : null;
        var filter = page.StartsWith("filtered", StringComparison.Ordinal)
            ? new GetCaseAuditHandler.Filter(Guid.NewGuid(), false, "GetCase", DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow, after)
            : new GetCaseAuditHandler.Filter(null, false, null, null, null, after);

        var plans = await Plans(db => GetCaseAuditHandler.Page(db, Aarhus, ids, filter, PageSizes.Default).ToListAsync());

        var plan = plans.Single();
        var shown = $"{page}, statistics {statistics}\n" + string.Join('\n', plan);
        plan.Count(line => line.Contains("IX_AuditEntries_EntityId_At_Id", StringComparison.Ordinal)).Should().Be(ids.Count, shown);
        plan.Count(line => line.Contains("IX_AuditEntrySubjects_EntityId_At_AuditEntryId", StringComparison.Ordinal)).Should().Be(ids.Count, shown);
        plan.Should().NotContain(line => line.Contains("IX_AuditEntries_MunicipalityCode_At", StringComparison.Ordinal), shown);
        plan.Should().NotContain(line => line.Contains("IX_AuditEntries_EntityType_EntityId", StringComparison.Ordinal), shown);
        if (Sqlite)
        {
            // Each range is a co-routine read in index order up to its LIMIT; only those few rows are then sorted
            // for the merge. A scan is allowed of a co-routine's rows only, a sort never inside one.
            var coRoutines = new HashSet<string>(StringComparer.Ordinal);
            string? inside = null;
            foreach (var line in plan)
            {
                if (line.StartsWith("CO-ROUTINE ", StringComparison.Ordinal))
                {
                    inside = line["CO-ROUTINE ".Length..];
                    coRoutines.Add(inside);
                }
                else if (line.StartsWith("SCAN ", StringComparison.Ordinal))
                {
                    coRoutines.Should().Contain(line["SCAN ".Length..], shown);
                    inside = null;
                }
                else if (line.Contains("TEMP B-TREE", StringComparison.Ordinal))
                {
                    inside.Should().BeNull(shown);
                }
            }
        }
        else
        {
            plan.Should().NotContain(line => line.Contains("Seq Scan", StringComparison.Ordinal), shown);
            // Only the merged page is sorted (by the entity id within one entry); no range is sorted whole.
            var merge = plan.FindIndex(line => line.Contains("Merge Append", StringComparison.Ordinal));
            merge.Should().BeGreaterThan(0, shown);
            plan.Skip(merge).Should().NotContain(line => line.Contains("Sort  (", StringComparison.Ordinal), shown);
        }
    }

    /// <summary>Entries and list reads in two municipalities, and the statistics the app gathers at start-up (SQLite) or autovacuum does.</summary>
    private async Task WithStatistics()
    {
        await using (var db = database.Context())
        {
            if (await db.AuditEntries.IgnoreQueryFilters().CountAsync() > 1000)
            {
                goto Analyze;
            }

            if (!await db.Municipalities.AnyAsync(m => m.Code == "0306"))
            {
                db.Municipalities.Add(new Municipality("0306", "Odsherred"));
            }

            var entities = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();
            var users = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToList();
            var at = DateTimeOffset.UtcNow.AddDays(-100);
            for (var i = 0; i < 1200; i++)
            {
                at = at.AddMinutes(7);
                var list = i % 4 == 0;
                var entry = new AuditEntry(
                    Guid.CreateVersion7(at), at, users[i % users.Count], "Guide", i % 2 == 0 ? Aarhus : "0306", list ? "GetQueue" : "GetCase",
                    "Case", list ? null : entities[i % entities.Count], null, "Succeeded");
                db.AuditEntries.Add(entry);
                if (list)
                {
                    db.AuditEntrySubjects.AddRange(Enumerable.Range(0, 20).Select(k => new AuditEntrySubject(entry.Id, entities[(i + (k * 13)) % entities.Count], at)));
                }
            }

            await db.SaveChangesAsync();
        }

    Analyze:
        await using var analyze = database.Context();
        await analyze.Database.ExecuteSqlRawAsync(Sqlite ? SqliteStatistics.Refresh : "ANALYZE");
    }

    /// <summary>SQLite as a database is before its first start-up analysis (a new connection reads the empty table).</summary>
    private async Task WithoutStatistics()
    {
        await using var db = database.Context();
        var analysed = await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE name = 'sqlite_stat1'").SingleAsync();
        if (analysed > 0)
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM sqlite_stat1");
        }
    }

    /// <summary>The database's plan of every command the action sends (it still runs, on empty tables).</summary>
    private async Task<List<List<string>>> Plans(Func<LinkWorkerDbContext, Task> action)
    {
        var recorder = new PlanRecorder(Sqlite);
        await using var db = database.Context(Aarhus, recorder);
        await db.Database.OpenConnectionAsync();
        if (!Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off; SET enable_hashjoin = off");
        }

        await action(db);
        return recorder.Plans;
    }

    private sealed class PlanRecorder(bool sqlite) : DbCommandInterceptor
    {
        public List<List<string>> Plans { get; } = [];

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var text = command.CommandText;
            command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + text;
            var lines = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    lines.Add(reader.GetString(sqlite ? 3 : 0));
                }
            }

            command.CommandText = text;
            Plans.Add(lines);
            return result;
        }
    }
}
