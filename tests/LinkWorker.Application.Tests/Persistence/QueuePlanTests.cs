using System.Data.Common;
using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.FollowUps.ListFollowUps;
using LinkWorker.Application.Outcomes.ListOutcomes;
using LinkWorker.Application.Queues;
using LinkWorker.Application.Queues.GetQueue;
using LinkWorker.Application.Referrals;
using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class QueuePlanTests_Sqlite(SqliteTestDatabase database) : QueuePlanTests<SqliteTestDatabase>(database);

public sealed class QueuePlanTests_Postgres(PostgresTestDatabase database) : QueuePlanTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// The queue, triage and referral lists must be read through an index that starts with what they filter on and
/// delivers their order (ADR 29), so that a page costs a page whatever the guide or municipality holds: no sort of
/// all the guide's cases, no walk of the municipality/date index (issues 14 and 18). The plans are the database's
/// own for the commands EF Core sends. SQLite without table statistics is the hard case: its planner must still
/// choose well. PostgreSQL's empty tables would make any plan a sequential scan, so sequential scans are priced out
/// there; which index it then takes, and whether it sorts, is what is checked.
/// </summary>
public abstract class QueuePlanTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Odsherred = "0306";

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

    [DatabaseFact]
    public async Task Every_segment_of_the_guides_queue_walks_the_guide_queue_index_without_sorting()
    {
        var guide = Guid.NewGuid();
        foreach (var cursor in (CursorKeys?[])[null, Cursor()])
        {
            for (var segment = 0; segment < QueueItems.Segments.Length; segment++)
            {
                var plans = await Plans(db => QueueItems.Segment(
                        db, db.Cases.Where(c => c.AssignedGuideId == guide && c.Status != CaseStatus.Closed),
                        QueueItems.Segments[segment], DateTimeOffset.UtcNow, cursor).Take(51).ToListAsync());

                UsesWithoutSorting(plans.Single(), "IX_Cases_GuideQueue", $"segment {segment}, cursor {cursor is not null}");
            }
        }
    }

    [DatabaseFact]
    public async Task Every_segment_of_triage_walks_the_status_queue_index_without_sorting()
    {
        foreach (var cursor in (CursorKeys?[])[null, Cursor()])
        {
            for (var segment = 0; segment < QueueItems.Segments.Length; segment++)
            {
                var plans = await Plans(db => QueueItems.Segment(
                        db, db.Cases.Where(c => c.Status == CaseStatus.Referred),
                        QueueItems.Segments[segment], DateTimeOffset.UtcNow, cursor).Take(51).ToListAsync());

                UsesWithoutSorting(plans.Single(), "IX_Cases_StatusQueue", $"segment {segment}, cursor {cursor is not null}");
            }
        }
    }

    [DatabaseFact]
    public async Task The_later_segments_in_one_read_each_walk_the_guide_queue_index_and_the_reasons_come_by_the_decisions_case_index()
    {
        // A page the first segment does not fill reads the rest in one query (UNION ALL of the segments), each row
        // with its latest routing reasons (issue 18: round trips): every part must still be an index range in order.
        var guide = Guid.NewGuid();
        var plans = await Plans(db => QueueItems.WithReasons(db, QueueItems.SegmentsFrom(
            db, db.Cases.Where(c => c.AssignedGuideId == guide && c.Status != CaseStatus.Closed), 1, DateTimeOffset.UtcNow, 51)).ToListAsync());

        var plan = plans.Single();
        UsesWithoutSorting(plan, "IX_Cases_GuideQueue", "the later segments");
        plan.Should().Contain(line => line.Contains("IX_RoutingDecisions_CaseId_DecidedAt", StringComparison.Ordinal), string.Join('\n', plan));
    }

    [DatabaseFact]
    public async Task What_reached_the_guide_since_the_last_visit_is_found_from_the_guides_decisions()
    {
        var guide = Guid.NewGuid();
        var plans = await Plans(db => GetQueueHandler.ReachedMeSince(
            db, db.Cases.Where(c => c.AssignedGuideId == guide && c.Status != CaseStatus.Closed), guide, DateTimeOffset.UtcNow.AddDays(-1)).CountAsync());

        var plan = plans.Single();
        plan.Should().Contain(line => line.Contains("IX_RoutingDecisions_GuideId_DecidedAt", StringComparison.Ordinal), string.Join('\n', plan));
        if (Sqlite)
        {
            plan.Should().NotContain(line => line.Contains("IX_Cases_AssignedGuideId", StringComparison.Ordinal) || line.Contains("IX_Cases_GuideQueue", StringComparison.Ordinal));
        }
    }

    [DatabaseFact]
    public async Task A_referrers_own_referrals_are_read_through_the_referrer_index_newest_first()
    {
        var gp = new StaticUser(Guid.NewGuid(), Aarhus, null, [Roles.Referrer]);
        var plans = await Plans(db => ReferralViews.Visible(db, gp)
            .OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id).Take(51).Select(ReferralViews.Projection).ToListAsync());

        var plan = plans.Single();
        plan.Should().Contain(line => line.Contains("IX_Referrals_ReferrerUserId_ReceivedAt", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.Contains("IX_Referrals_MunicipalityCode_ReceivedAt", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task A_coordinators_referrals_are_read_through_the_municipality_and_date_index()
    {
        var coordinator = new StaticUser(Guid.NewGuid(), Aarhus, null, [Roles.Coordinator]);
        var plans = await Plans(db => ReferralViews.Visible(db, coordinator)
            .OrderByDescending(r => r.Referral.ReceivedAt).ThenByDescending(r => r.Referral.Id).Take(51).Select(ReferralViews.Projection).ToListAsync());

        var plan = plans.Single();
        plan.Should().Contain(line => line.Contains("IX_Referrals_MunicipalityCode_ReceivedAt", StringComparison.Ordinal), string.Join('\n', plan));
    }

    [DatabaseFact]
    public async Task A_cases_referrals_are_read_through_the_case_index()
    {
        if (!Sqlite)
        {
            return; // PostgreSQL's plan depends on statistics it lacks on empty tables; with them it takes the case index
        }

        // Ordered by ReceivedAt in SQL, SQLite walked the municipality's referrals by date instead (the page bench:
        // about a second per case page at 100,000 cases); the case page sorts the few rows in memory.
        var plans = await Plans(db => CaseReads.ReferralsOf(db, Guid.NewGuid(), CancellationToken.None));

        var plan = plans.Single();
        plan.Should().Contain(line => line.Contains("IX_Referrals_CaseId", StringComparison.Ordinal), string.Join('\n', plan));
        plan.Should().NotContain(line => line.Contains("IX_Referrals_MunicipalityCode_ReceivedAt", StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task Rows_of_one_case_and_cases_by_id_are_read_through_their_own_keys()
    {
        // Without statistics SQLite takes "MunicipalityCode = ?" (every scoped query has it) for as selective as
        // "CaseId = ?", and walked the municipality/date index: seconds per case page at 100,000 cases. The app
        // gathers statistics at start-up (SqliteStatistics); with them these use their own keys. (The other tests
        // of this class hold the queue plans both with and without them.)
        if (!Sqlite)
        {
            return; // PostgreSQL has its statistics from autovacuum; on a few rows its plans say nothing about 100,000
        }

        await WithStatistics();
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        var caseId = Guid.NewGuid();
        var plans = await Plans(async db =>
        {
            await db.Referrals.Where(r => r.CaseId == caseId).ToListAsync();
            await db.Referrals.Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync();
            await db.Cases.Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.AssignedGuideId }).ToListAsync();
        });

        var shown = string.Join("\n---\n", plans.Select(p => string.Join('\n', p)));
        plans.Should().HaveCount(3);
        plans[0].Should().Contain(line => line.Contains("IX_Referrals_CaseId", StringComparison.Ordinal), shown);
        plans[1].Should().Contain(line => line.Contains("IX_Referrals_CaseId", StringComparison.Ordinal), shown);
        plans.SelectMany(p => p).Should().NotContain(line => line.Contains("IX_Referrals_MunicipalityCode", StringComparison.Ordinal), shown);
        plans[2].Should().NotContain(line => line.Contains("IX_Cases_", StringComparison.Ordinal), shown);
    }

    [DatabaseFact]
    public async Task The_case_pages_reads_use_the_cases_keys_not_the_municipalitys()
    {
        // The case page's one request (ADR 32) joins the case with its citizen and settings and reads each section by
        // its case: none of it may walk a municipality index (the trap above) or scan a table.
        if (!Sqlite)
        {
            return; // as above: PostgreSQL's plans on a few rows say nothing about 100,000
        }

        // Follow-ups on every case, as a municipality has them: on an empty table the statistics say nothing, and
        // SQLite then takes "MunicipalityCode = ?" for as good as "CaseId = ?".
        await WithStatistics();
        Guid caseId;
        await using (var db = database.Context(Aarhus))
        {
            var cases = await db.Cases.Select(c => c.Id).ToListAsync();
            caseId = cases[0];
            foreach (var id in cases)
            {
                db.FollowUps.Add(new LinkWorker.Domain.FollowUps.FollowUp(
                    Guid.NewGuid(), Aarhus, id, DateTimeOffset.UtcNow.AddDays(7), LinkWorker.Domain.FollowUps.FollowUpKind.CheckInCall, null, Guid.NewGuid(), DateTimeOffset.UtcNow));
            }

            await db.SaveChangesAsync();
            await db.Database.ExecuteSqlRawAsync(SqliteStatistics.Refresh);
        }

        var coordinator = new StaticUser(Guid.NewGuid(), Aarhus, null, [Roles.Coordinator]);
        var plans = await Plans(async db =>
        {
            var head = await CaseReads.Head(db, coordinator, caseId, CancellationToken.None);
            head.Should().NotBeNull();
            await CaseReads.View(head!, CaseReads.Sections(new OneAfterAnother(db), caseId, CancellationToken.None), DateTimeOffset.UtcNow);
            await ListFollowUpsHandler.Of(db, caseId, CancellationToken.None);
            await ListOutcomesHandler.Of(db, caseId, CancellationToken.None);
        });

        var shown = string.Join("\n---\n", plans.Select(p => string.Join('\n', p)));
        plans.Should().HaveCount(8, shown);
        plans.SelectMany(p => p).Should().NotContain(line => line.Contains("MunicipalityCode", StringComparison.Ordinal), shown);
        plans.SelectMany(p => p).Should().NotContain(
            line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal) && line.Length > "SCAN x".Length + 2, shown);
    }

    /// <summary>Some cases in two municipalities, and the statistics the app gathers at start-up (SQLite) or autovacuum does.</summary>
    private async Task WithStatistics()
    {
        await using (var db = database.Context())
        {
            if (!await db.Municipalities.AnyAsync(m => m.Code == Odsherred))
            {
                db.Municipalities.Add(new Municipality(Odsherred, "Odsherred"));
                await db.SaveChangesAsync();
            }
        }

        foreach (var municipality in (string[])[Aarhus, Odsherred])
        {
            await using var db = database.Context(municipality);
            for (var i = 0; i < 40; i++)
            {
                var citizen = new LinkWorker.Domain.Citizens.Citizen(Guid.NewGuid(), municipality, new LinkWorker.Domain.Citizens.CitizenDetails(
                    "Test Person", null, new DateOnly(1950, 1, 1), null, null, new LinkWorker.Domain.Citizens.Address("Vej 1", "8000", "Aarhus C"), "da", false));
                var at = DateTimeOffset.UtcNow.AddDays(-i);
                var (@case, referral) = Case.OpenFromReferral(municipality, citizen, new ReferralSubmission(
                    Guid.NewGuid(), null, LinkWorker.Domain.Organisations.Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null,
                    PracticalNeeds.None, Urgency.Normal, new ReferralConsent("Dr. Test", ConsentMethod.Verbal, at)), at);
                db.AddRange(citizen, @case, referral);
            }

            await db.SaveChangesAsync();
        }

        await using var analyze = database.Context();
        await analyze.Database.ExecuteSqlRawAsync(Sqlite ? SqliteStatistics.Refresh : "ANALYZE");
    }

    private void UsesWithoutSorting(IReadOnlyList<string> plan, string index, string because)
    {
        var shown = because + "\n" + string.Join('\n', plan);
        plan.Should().Contain(line => line.Contains("Cases", StringComparison.Ordinal) && line.Contains(index, StringComparison.Ordinal), shown);
        plan.Should().NotContain(line => line.Contains("IX_Cases_MunicipalityCode_OpenedAt", StringComparison.Ordinal), shown);
        if (Sqlite)
        {
            plan.Should().NotContain(line => line.Contains("TEMP B-TREE", StringComparison.Ordinal), shown);
            // A scan of a co-routine reads a subquery's limited rows (a part of UNION ALL), not a table.
            var coroutines = plan.Where(line => line.StartsWith("CO-ROUTINE ", StringComparison.Ordinal)).Select(line => "SCAN " + line["CO-ROUTINE ".Length..].Trim()).ToHashSet();
            plan.Should().NotContain(
                line => line.StartsWith("SCAN", StringComparison.Ordinal) && !line.Contains("USING", StringComparison.Ordinal) && !coroutines.Contains(line.Trim()), shown);
        }
        else
        {
            plan.Should().NotContain(line => line.Contains("Sort", StringComparison.Ordinal), shown);
        }
    }

    private static CursorKeys Cursor()
    {
        PageCursor.TryDecode(
            PageCursor.Encode("queue", DateTimeOffset.UtcNow, 4, DateTimeOffset.UtcNow.UtcTicks, DateTimeOffset.UtcNow.AddDays(-9), Guid.NewGuid()),
            "queue", 5, out var keys).Should().BeTrue();
        return keys;
    }

    /// <summary>The database's plan of every command the action sends (it still runs, on empty tables).</summary>
    private async Task<List<List<string>>> Plans(Func<LinkWorkerDbContext, Task> action)
    {
        var recorder = new PlanRecorder(Sqlite);
        await using var db = database.Context(Aarhus, recorder);
        await db.Database.OpenConnectionAsync();
        if (!Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off");
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
