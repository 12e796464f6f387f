using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Performance;

/// <summary>
/// The maintenance job refreshes SQLite's statistics from a sample, not from every row (issue 18): it holds the
/// write lock while it reads, and a full read of a grown table stalled intake at every quarter hour.
/// </summary>
public sealed class SqliteStatisticsRefreshTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private const int Rows = 100_000;

    [Fact]
    public async Task The_maintenance_job_analyses_a_grown_table_from_a_sample()
    {
        // A table of the test's own, of a known size, that has never been analysed: the job must analyse it.
        await factory.WithDatabase(db => db.Database.ExecuteSqlRawAsync($"""
            CREATE TABLE "StatisticsProbe" ("Id" INTEGER PRIMARY KEY, "Value" INTEGER NOT NULL);
            CREATE INDEX "IX_StatisticsProbe_Value" ON "StatisticsProbe" ("Value");
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO "StatisticsProbe" ("Id", "Value") SELECT i, i % 97 FROM n;
            """));

        // A connection of its own: the limit is a connection's setting, and a pooled one may keep it from the start-up's refresh.
        SqliteConnection.ClearAllPools();
        await factory.Services.GetRequiredService<DatabaseMaintenanceJob>().Run(CancellationToken.None);

        // sqlite_stat1: the rows, then the rows per value. Read in full, 100,000 rows hold 97 values of 1,031 rows each.
        var stats = await factory.WithDatabase(db => db.Database
            .SqlQueryRaw<string>("""SELECT "stat" AS "Value" FROM "sqlite_stat1" WHERE "idx" = 'IX_StatisticsProbe_Value'""")
            .ToListAsync());
        stats.Should().ContainSingle("the new table was analysed")
            .Which.Should().NotBe($"{Rows} {(Rows + 96) / 97}", "about a thousand rows of the index are read, not all of them");
    }

    [Fact]
    public async Task Each_index_of_a_stale_table_is_analysed_in_a_write_turn_of_its_own_and_then_none_is_stale()
    {
        // Two grown tables of two indexes each, never analysed: requests must get their turns between the analyses,
        // not wait for a whole table's (ADR 42).
        foreach (var table in new[] { "TurnProbeA", "TurnProbeB" })
        {
#pragma warning disable EF1002 // The test's own table names.
            await factory.WithDatabase(db => db.Database.ExecuteSqlRawAsync($"""
                CREATE TABLE "{table}" ("Id" INTEGER PRIMARY KEY, "Value" INTEGER NOT NULL, "Other" INTEGER NOT NULL);
                CREATE INDEX "IX_{table}_Value" ON "{table}" ("Value");
                CREATE INDEX "IX_{table}_Other" ON "{table}" ("Other", "Value");
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                INSERT INTO "{table}" ("Id", "Value", "Other") SELECT i, i % 13, i % 7 FROM n;
                """));
#pragma warning restore EF1002
        }

        var gate = new CountingGate();
        var analysed = await factory.WithDatabase(db => SqliteStatistics.RefreshStale(db, gate, CancellationToken.None));

        analysed.Should().Contain(["IX_TurnProbeA_Value", "IX_TurnProbeA_Other", "IX_TurnProbeB_Value", "IX_TurnProbeB_Other"], "both new tables were stale");
        gate.Turns.Should().Be(analysed.Count, "one write turn per index analysed");
        var stats = await factory.WithDatabase(db => db.Database
            .SqlQueryRaw<string>("""SELECT "idx" AS "Value" FROM "sqlite_stat1" WHERE "tbl" LIKE 'TurnProbe%'""").ToListAsync());
        stats.Should().BeEquivalentTo(["IX_TurnProbeA_Value", "IX_TurnProbeA_Other", "IX_TurnProbeB_Value", "IX_TurnProbeB_Other"]);
        (await factory.WithDatabase(db => SqliteStatistics.RefreshStale(db, new CountingGate(), CancellationToken.None)))
            .Should().NotContain(name => name.StartsWith("IX_TurnProbe", StringComparison.Ordinal) || name.StartsWith("TurnProbe", StringComparison.Ordinal),
                "statistics of every index leave SQLite nothing of these tables to analyse at the next run");
    }

    [Fact]
    public async Task After_a_refresh_the_pooled_connections_plan_with_the_new_statistics()
    {
        // A table whose recorded statistics say the opposite of its rows ("Even" has two values, "Unique" one row per
        // value) and a hundredth of its size, so the job finds it stale.
        await factory.WithDatabase(db => db.Database.ExecuteSqlRawAsync("""
            BEGIN;
            CREATE TABLE "PlanProbe" ("Id" INTEGER PRIMARY KEY, "Even" INTEGER NOT NULL, "Unique" INTEGER NOT NULL);
            CREATE INDEX "IX_PlanProbe_Even" ON "PlanProbe" ("Even");
            CREATE INDEX "IX_PlanProbe_Unique" ON "PlanProbe" ("Unique");
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
            INSERT INTO "PlanProbe" ("Id", "Even", "Unique") SELECT i, i % 2, i FROM n;
            INSERT INTO "sqlite_stat1" ("tbl", "idx", "stat") VALUES ('PlanProbe', 'IX_PlanProbe_Even', '200 1'), ('PlanProbe', 'IX_PlanProbe_Unique', '200 100');
            COMMIT;
            """));
        // The pool's connections open again and read those statistics, as they would at a start.
        SqliteConnection.ClearAllPools();
        (await PlansOnPooledConnections()).Should().AllSatisfy(plan => plan.Should().Contain("IX_PlanProbe_Even"),
            "the requests' connections plan with the recorded statistics until the job refreshes them");

        await factory.Services.GetRequiredService<DatabaseMaintenanceJob>().Run(CancellationToken.None);

        // Before, only the job's own connection read what it analysed; the others kept their plans until the process ended.
        (await PlansOnPooledConnections()).Should().AllSatisfy(plan => plan.Should().Contain("IX_PlanProbe_Unique"));
    }

    // Four of the pool's connections at once, as four requests would hold them.
    private async Task<IReadOnlyList<string>> PlansOnPooledConnections()
    {
        var scopes = Enumerable.Range(0, 4).Select(_ => factory.Services.CreateAsyncScope()).ToList();
        try
        {
            var plans = new List<string>();
            foreach (var scope in scopes)
            {
                var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
                await db.Database.OpenConnectionAsync();
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = """EXPLAIN QUERY PLAN SELECT * FROM "PlanProbe" WHERE "Even" = 1 AND "Unique" = 5""";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    plans.Add(reader.GetString(3));
                }
            }

            return plans;
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }

    private sealed class CountingGate : IDatabaseWriteGate
    {
        public int Turns { get; private set; }

        public ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
        {
            Turns++;
            return ValueTask.FromResult<IDisposable?>(null);
        }
    }
}
