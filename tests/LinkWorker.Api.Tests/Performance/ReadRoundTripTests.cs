using System.Net;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Performance;

// The counting hosts of the intake's round-trip tests: the real app with a command counter on its contexts.
public sealed class ReadRoundTripTests_Sqlite(IntakeRoundTripTests_Sqlite.Factory factory)
    : ReadRoundTripTests<IntakeRoundTripTests_Sqlite.Factory>(factory);

public sealed class ReadRoundTripTests_Postgres(IntakeRoundTripTests_Postgres.Factory factory)
    : ReadRoundTripTests<IntakeRoundTripTests_Postgres.Factory>(factory), IUsesPostgres;

/// <summary>
/// What the guide's queue, triage and a case view cost the database (issue 18 point 4): at a million cases their SQL
/// is index ranges that do not grow with the table, so what is left is the commands each request waits for, one
/// after the other. Counted on the real pipeline (bearer token, account check, unit of work, audit). The bounds
/// hold the measured reduction (before: the queue 9 commands of its own plus one per segment read, up to 9
/// segments for a short queue; triage the same less the visit; the case view's sections one after the other).
/// </summary>
public abstract class ReadRoundTripTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory, ICountingFactory
{
    /// <summary>
    /// The audit record of a read: its chain's head, then on PostgreSQL one batch (the head's update, the entry,
    /// its subjects); on SQLite the head's update, the entry and its subjects are three statements.
    /// </summary>
    private int Audit => factory.BatchesStatements ? 2 : 4;

    [DatabaseFact]
    public async Task The_queues_first_page_is_the_account_check_two_segment_reads_the_visit_what_is_new_and_the_audit()
    {
        var guide = await GuideWithNewCases(capacity: 10, cases: 3);

        await Get(guide, "/api/queue?pageSize=2"); // the first visit (its row is inserted), and the caches
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var (page, report) = await Counted(guide, "/api/queue?pageSize=2");

        // The three cases await their first contact: the first segment (overdue) is empty, the rest comes in one read.
        page.GetProperty("items").GetArrayLength().Should().Be(2);
        page.GetProperty("nextCursor").GetString().Should().NotBeNullOrEmpty();
        page.GetProperty("newSinceLastVisit").GetInt32().Should().Be(0);
        var counter = factory.Counter;
        counter.Transactions.Should().Be(1, report);
        counter.Commits.Should().Be(1, report);
        counter.Savepoints.Should().Be(0, report);
        var commands = counter.Commands;
        commands.Should().NotContain(c => c.Contains("FROM \"Municipalities\"", StringComparison.Ordinal), "the unreachable rule is reference data, cached");
        commands.Should().NotContain(c => c.TrimStart().StartsWith("SELECT", StringComparison.Ordinal) && c.Contains("FROM \"QueueVisits\"", StringComparison.Ordinal),
            "the visit is one UPDATE … RETURNING");
        commands.Count(c => c.TrimStart().StartsWith("UPDATE \"QueueVisits\"", StringComparison.Ordinal)).Should().Be(1, report);
        // The account check, the first segment, the later segments in one, what reached the guide since the visit.
        Reads(commands).Should().Be(4, report);
        commands.Count.Should().BeLessThanOrEqualTo(4 + 1 + Audit, report);
    }

    [DatabaseFact]
    public async Task A_full_page_names_every_case_it_showed_in_one_statement()
    {
        // EF Core would send one INSERT per shown id: 50 per page on PostgreSQL's batch (ADR 46).
        var guide = await GuideWithNewCases(capacity: 12, cases: 12);

        await Get(guide, "/api/queue?pageSize=12"); // the first visit, and the caches
        factory.Clock.Advance(TimeSpan.FromSeconds(1));

        var (page, report) = await Counted(guide, "/api/queue?pageSize=12");

        var shown = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).ToList();
        shown.Should().HaveCount(12);
        // Counted as statements: PostgreSQL's batch is one command holding many.
        factory.Counter.Commands.Sum(c => c.Split("INSERT INTO \"AuditEntrySubjects\"").Length - 1).Should().Be(1, report);
        var entry = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Action == "GetQueue" && db.AuditEntrySubjects.Any(s => s.AuditEntryId == a.Id && s.EntityId == shown[0]))
            .OrderByDescending(a => a.At).FirstAsync());
        var subjects = await factory.WithDatabase(db => db.AuditEntrySubjects.Where(s => s.AuditEntryId == entry.Id).ToListAsync());
        subjects.Select(s => s.EntityId).Should().BeEquivalentTo(shown);
        subjects.Should().OnlyContain(s => s.At == entry.At);
    }

    [DatabaseFact]
    public async Task Triage_is_the_account_check_at_most_two_segment_reads_and_the_audit()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        await Get(coordinator, "/api/triage?pageSize=2"); // the caches

        var (_, report) = await Counted(coordinator, "/api/triage?pageSize=2");

        var commands = factory.Counter.Commands;
        commands.Should().NotContain(c => c.Contains("FROM \"Municipalities\"", StringComparison.Ordinal), "the unreachable rule is reference data, cached");
        // The routing reasons come with the rows, not in a read of their own.
        commands.Should().NotContain(c => c.TrimStart().StartsWith("SELECT", StringComparison.Ordinal)
            && c.Contains("FROM \"RoutingDecisions\"", StringComparison.Ordinal) && !c.Contains("FROM \"Cases\"", StringComparison.Ordinal), report);
        Reads(commands).Should().BeLessThanOrEqualTo(3, report);
        commands.Count.Should().BeLessThanOrEqualTo(3 + Audit, report);
    }

    [DatabaseFact]
    public async Task A_case_view_waits_on_postgresql_for_one_read_of_its_own_the_sections_beside_it_and_is_one_audit_record()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await Get(guide, $"/api/cases/{caseId}"); // the caches
        var citizenId = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().Where(c => c.Id == caseId).Select(c => c.CitizenId).SingleAsync());
        var before = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().Select(a => a.Id).ToListAsync());

        var (view, report) = await Counted(guide, $"/api/cases/{caseId}");

        view.GetProperty("referrals").GetArrayLength().Should().Be(1);
        view.GetProperty("routing").GetArrayLength().Should().BeGreaterThan(0);
        view.GetProperty("consents").GetProperty("history").GetArrayLength().Should().BeGreaterThan(0);
        var counter = factory.Counter;
        counter.Transactions.Should().Be(1, report);
        counter.Commits.Should().Be(1, report);
        var own = counter.Commands.Except(counter.CommandsOutsideTransactions).ToList();
        var beside = counter.CommandsOutsideTransactions;
        var sections = (string[])["Referrals", "RoutingDecisions", "Consents", "Conversations"];
        if (factory.BatchesStatements)
        {
            // PostgreSQL: in the request's transaction the case (with its citizen, guide, settings, contact attempts),
            // then the audit; beside it, each on a context of its own, the sections (and the account check before).
            Reads(own).Should().Be(1, report);
            own.Should().HaveCount(1 + Audit, report);
            foreach (var table in sections)
            {
                beside.Should().Contain(c => c.Contains($"FROM \"{table}\"", StringComparison.Ordinal), $"the {table} are read beside the case\n{report}");
            }

            beside.Should().HaveCount(1 + sections.Length, report);
        }
        else
        {
            // SQLite runs in the process: the sections after the case on the request's context, no context or thread
            // each, all before the unit's transaction, which begins with the audit's save (ADR 0035).
            own.Should().HaveCount(Audit, report);
            Reads(own).Should().Be(0, report);
            Reads(beside).Should().Be(2 + sections.Length, report);
            beside.Should().ContainSingle(c => c.Contains("AspNetUsers", StringComparison.Ordinal), report);
            foreach (var table in sections)
            {
                beside.Should().Contain(c => c.Contains($"FROM \"{table}\"", StringComparison.Ordinal), $"the {table} are read before the write\n{report}");
            }
        }

        // One audit record naming the case, with the citizen shown beside it (ADR 7, ADR 32).
        var written = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().Where(a => !before.Contains(a.Id)).ToListAsync());
        var entry = written.Should().ContainSingle().Subject;
        entry.Action.Should().Be("GetCase");
        entry.EntityType.Should().Be("Case");
        entry.EntityId.Should().Be(caseId);
        var subjects = await factory.WithDatabase(db => db.AuditEntrySubjects.Where(s => s.AuditEntryId == entry.Id).Select(s => s.EntityId).ToListAsync());
        subjects.Should().BeEquivalentTo([citizenId]);
    }

    [DatabaseFact]
    public async Task A_case_another_guide_holds_is_not_found_and_its_sections_are_not_shown()
    {
        var (caseId, _, _, _) = await RoutingWorld.NewRoutedCase(factory);
        var other = await factory.ClientFor(await factory.CreateUser("Guide"));

        var response = await other.GetAsync($"/api/cases/{caseId}");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("referrals").And.NotContain("Grethe");
    }

    private static int Reads(IEnumerable<string> commands) => commands.Count(c =>
        c.TrimStart().StartsWith("SELECT", StringComparison.Ordinal) && !c.Contains("AuditChainHeads", StringComparison.Ordinal));

    /// <summary>A new guide of a district of their own, with this many cases referred to them.</summary>
    private async Task<HttpClient> GuideWithNewCases(int capacity, int cases)
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity);
        var gp = await factory.ClientFor("gp.aarhus");
        for (var i = 0; i < cases; i++)
        {
            (await gp.Submit(RoutingWorld.ReferralIn(postcode))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        return await factory.ClientFor(guideUser);
    }

    private static async Task<JsonElement> Get(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private async Task<(JsonElement Body, string Report)> Counted(HttpClient client, string path)
    {
        var counter = factory.Counter;
        counter.Reset();
        counter.Recording = true;
        JsonElement body;
        try
        {
            body = await Get(client, path);
        }
        finally
        {
            counter.Recording = false;
        }

        return (body, counter.Describe());
    }
}
