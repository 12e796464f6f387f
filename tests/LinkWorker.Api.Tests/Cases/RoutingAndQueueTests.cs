using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Cases;

public sealed class RoutingAndQueueTests_Sqlite(SqliteApiFactory factory) : RoutingAndQueueTests<SqliteApiFactory>(factory);

public sealed class RoutingAndQueueTests_Postgres(PostgresApiFactory factory) : RoutingAndQueueTests<PostgresApiFactory>(factory), IUsesPostgres;

public abstract class RoutingAndQueueTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task Parallel_referrals_never_push_a_guide_past_capacity()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guide, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 3);
        var referrers = await Task.WhenAll(new[] { "gp.aarhus", "homecare.aarhus", "jobcentre.aarhus" }.Select(factory.ClientFor));

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => referrers[i % 3].Submit(RoutingWorld.ReferralIn(postcode))));

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        var results = await Task.WhenAll(responses.Select(r => r.Json()));
        results.Count(r => r.GetProperty("status").GetString() == "Assigned").Should().Be(3);
        results.Count(r => r.GetProperty("status").GetString() == "Received").Should().Be(9);
        var (held, count) = await factory.WithDatabase(async db => (
            await db.Cases.IgnoreQueryFilters().CountAsync(c => c.AssignedGuideId == guide),
            await db.Guides.IgnoreQueryFilters().Where(g => g.Id == guide).Select(g => g.ActiveCaseCount).SingleAsync()));
        held.Should().Be(3);
        count.Should().Be(3);
        var triage = await coordinator.GetAllItems("/api/triage");
        var full = triage.EnumerateArray().Where(i => i.GetProperty("postcode").GetString() == postcode).ToList();
        full.Should().HaveCount(9);
        full.Should().OnlyContain(i => i.GetProperty("lastRoutingReasons")[0].GetString()!.Contains("is full, absent or inactive"));
    }

    [DatabaseFact]
    public async Task A_routed_case_is_in_its_guides_queue_and_shows_why()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guide, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5, languages: ["da", "tr"]);

        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(RoutingWorld.ReferralIn(postcode, "tr", interpreter: true))).Json();
        var caseId = created.GetProperty("caseId").GetGuid();
        var guideClient = await factory.ClientFor(guideUser);
        var queue = await guideClient.GetAllItems("/api/queue");
        var @case = await guideClient.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");

        created.GetProperty("assignedGuideId").GetGuid().Should().Be(guide);
        queue.EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().Contain(caseId);
        var decision = @case.GetProperty("routing")[0];
        decision.GetProperty("kind").GetString().Should().Be("Automatic");
        decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).Should()
            .Equal($"district District {postcode}", "speaks tr", "0 of 5 cases");
        @case.GetProperty("status").GetString().Should().Be("Assigned");
        @case.GetProperty("citizen").GetProperty("cprNumber").GetString().Should().HaveLength(10, "the guide needs the CPR number");
    }

    [DatabaseFact]
    public async Task No_rule_fits_so_the_case_waits_in_triage_until_a_coordinator_assigns_it()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guide, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);

        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(RoutingWorld.ReferralIn(postcode, "so", interpreter: true))).Json();
        var caseId = created.GetProperty("caseId").GetGuid();
        var triage = await coordinator.GetAllItems("/api/triage");
        var waiting = triage.EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == caseId);

        created.GetProperty("status").GetString().Should().Be("Received");
        waiting.GetProperty("lastRoutingReasons")[0].GetString().Should().Contain("speaks so").And.Contain("interpreter");

        var assigned = await coordinator.PostAsJsonAsync($"/api/cases/{caseId}/assign", new { guideId = guide, reason = "Interpreter booked for the first visit" });
        assigned.StatusCode.Should().Be(HttpStatusCode.OK);
        (await (await factory.ClientFor(guideUser)).GetAllItems("/api/queue"))
            .EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().Contain(caseId);
        (await coordinator.GetAllItems("/api/triage"))
            .EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().NotContain(caseId);
        var history = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("routing");
        history[1].GetProperty("kind").GetString().Should().Be("Assignment");
        history[1].GetProperty("reasons")[0].GetString().Should().Be("Interpreter booked for the first visit");
    }

    [DatabaseFact]
    public async Task A_guide_hands_a_case_back_to_triage_and_frees_the_place()
    {
        var (caseId, guide, guideClient, coordinator) = await RoutedCase();

        var response = await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/hand-back", new { reason = "Needs debt counselling first" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await coordinator.GetAllItems("/api/triage")).EnumerateArray()
            .Single(i => i.GetProperty("caseId").GetGuid() == caseId)
            .GetProperty("lastRoutingReasons")[0].GetString().Should().Contain("Needs debt counselling first");
        (await factory.WithDatabase(db => db.Guides.IgnoreQueryFilters().Where(g => g.Id == guide).Select(g => g.ActiveCaseCount).SingleAsync()))
            .Should().Be(0);
        (await guideClient.GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "it is no longer the guide's case");
    }

    [DatabaseFact]
    public async Task Failed_contact_attempts_suggest_closing_and_a_success_marks_the_case_contacted()
    {
        var (caseId, _, guideClient, _) = await RoutedCase(referrer: "homecare.aarhus");
        for (var i = 0; i < 3; i++)
        {
            (await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = false }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var queued = (await guideClient.GetAllItems("/api/queue")).EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == caseId);
        queued.GetProperty("failedContactAttempts").GetInt32().Should().Be(3);
        queued.GetProperty("suggestCloseAsUnreachable").GetBoolean().Should().BeTrue();

        await guideClient.ShareStatusWithReferrer(caseId);
        var success = await guideClient.Post($"/api/cases/{caseId}/contact-attempts", new { channel = "HomeVisit", succeeded = true });

        success.GetProperty("status").GetString().Should().Be("Contacted");
        success.GetProperty("failedContactAttempts").GetInt32().Should().Be(0);
        var referralId = (await guideClient.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("referrals")[0].GetProperty("id").GetGuid();
        (await (await factory.ClientFor("homecare.aarhus")).GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}"))
            .GetProperty("status").GetString().Should().Be("Contacted", "the referrer's status view follows the lifecycle");
    }

    [DatabaseFact]
    public async Task A_first_contact_past_its_working_day_deadline_is_flagged_and_comes_first()
    {
        var (caseId, _, guideClient, _) = await RoutedCase();
        var fresh = (await guideClient.GetAllItems("/api/queue")).EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == caseId);
        fresh.GetProperty("firstContactDeadline").GetProperty("overdue").GetBoolean().Should().BeFalse();

        var guideUser = (await (await guideClient.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
        var userName = await factory.WithDatabase(db => db.Users.Where(u => u.Id == guideUser).Select(u => u.UserName!).SingleAsync());
        factory.MoveClock(TimeSpan.FromDays(10));
        try
        {
            guideClient = await factory.ClientFor(userName);
            var (laterCase, _, _, _) = await RoutedCase(sameGuide: guideClient);
            var queue = (await guideClient.GetAllItems("/api/queue")).EnumerateArray().ToList();

            queue[0].GetProperty("caseId").GetGuid().Should().Be(caseId, "overdue cases come first");
            queue[0].GetProperty("firstContactDeadline").GetProperty("overdue").GetBoolean().Should().BeTrue();
            queue.Single(i => i.GetProperty("caseId").GetGuid() == laterCase).GetProperty("firstContactDeadline").GetProperty("overdue").GetBoolean().Should().BeFalse();
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-10));
        }
    }

    [DatabaseFact]
    public async Task An_illegal_transition_is_a_409_naming_the_current_state()
    {
        var (caseId, _, guideClient, _) = await RoutedCase();
        (await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Declined" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true });

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Json();
        problem.GetProperty("currentState").GetString().Should().Be("Closed");
        problem.GetProperty("detail").GetString().Should().Contain("Closed");
    }

    [DatabaseFact]
    public async Task Closing_frees_the_place_and_reopening_returns_the_case_to_the_same_guide()
    {
        var (caseId, guide, guideClient, _) = await RoutedCase(referrer: "jobcentre.aarhus");
        await guideClient.ShareStatusWithReferrer(caseId);

        var closed = await guideClient.Post($"/api/cases/{caseId}/close", new { reason = "Unreachable" });
        var referralId = (await guideClient.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("referrals")[0].GetProperty("id").GetGuid();
        var referrerView = await (await factory.ClientFor("jobcentre.aarhus")).GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");
        var reopened = await guideClient.Post($"/api/cases/{caseId}/reopen", new { });

        closed.GetProperty("status").GetString().Should().Be("Closed");
        referrerView.GetProperty("status").GetString().Should().Be("Closed");
        referrerView.GetProperty("closureCategory").GetString().Should().Be("NotStarted");
        referrerView.GetProperty("closureReason").ValueKind.Should().Be(JsonValueKind.Null, "the referrer learns the category, not the precise reason");
        reopened.GetProperty("status").GetString().Should().Be("Assigned");
        reopened.GetProperty("assignedGuideId").GetGuid().Should().Be(guide);
        var routing = (await guideClient.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("routing");
        routing[routing.GetArrayLength() - 1].GetProperty("reasons")[0].GetString().Should().Be("continuity: the citizen's guide before");
    }

    [DatabaseFact]
    public async Task A_guide_cannot_see_or_act_on_another_guides_case()
    {
        var (caseId, _, _, coordinator) = await RoutedCase();
        var other = await factory.ClientFor("guide1.aarhus");

        (await other.GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Declined" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetAllItems("/api/queue")).EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().NotContain(caseId);
        (await coordinator.GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Coordinators_see_only_their_own_municipalitys_cases_and_other_roles_are_refused()
    {
        var (caseId, _, _, _) = await RoutedCase();

        (await (await factory.ClientFor("coordinator.odsherred")).GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await factory.ClientFor("coordinator.odsherred")).PostAsJsonAsync($"/api/cases/{caseId}/assign", new { guideId = Guid.NewGuid(), reason = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await factory.ClientFor("gp.aarhus")).GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await factory.ClientFor("guide1.aarhus")).GetAsync("/api/triage")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await factory.ClientFor("guide1.aarhus")).GetAsync("/api/guides")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await factory.ClientFor("coordinator.aarhus")).GetAsync("/api/queue")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task A_guide_holding_cases_cannot_be_deleted_and_a_stale_edit_is_refused()
    {
        var (caseId, guide, guideClient, coordinator) = await RoutedCase();
        var read = await coordinator.GetFromJsonAsync<JsonElement>($"/api/guides/{guide}");
        var profile = new { capacity = 9, districts = read.GetProperty("districts").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToArray(), languages = new[] { "da", "en" } };

        (await coordinator.DeleteAsync($"/api/guides/{guide}")).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var updated = await coordinator.PutAsJsonAsync($"/api/guides/{guide}", new { profile, version = read.GetProperty("version").GetInt32() });
        var stale = await coordinator.PutAsJsonAsync($"/api/guides/{guide}", new { profile, version = read.GetProperty("version").GetInt32() });

        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        (await updated.Json()).GetProperty("capacity").GetInt32().Should().Be(9);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);

        await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "InCommunity" });
        (await coordinator.DeleteAsync($"/api/guides/{guide}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [DatabaseFact]
    public async Task A_postcode_belongs_to_one_district_only()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");

        var response = await coordinator.PostAsJsonAsync("/api/districts", new { name = "Overlap", postcodes = new[] { "8000" } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").GetProperty("postcodes")[0].GetString().Should().Contain("8000 (Midtbyen)");
    }

    [DatabaseFact]
    public async Task Demo_referrals_land_with_the_expected_guides_or_in_triage_with_reasons()
    {
        var guide1 = await (await factory.ClientFor("guide1.aarhus")).GetAllItems("/api/queue");
        var guide2 = await (await factory.ClientFor("guide2.aarhus")).GetAllItems("/api/queue");
        var triage = await (await factory.ClientFor("coordinator.aarhus")).GetAllItems("/api/triage");
        var odsherredTriage = await (await factory.ClientFor("coordinator.odsherred")).GetAllItems("/api/triage");

        Names(guide1).Should().Contain("Karen Jensen");
        Names(guide2).Should().Contain(["Ahmad Haddad", "Mikkel Sørensen"]);
        triage.EnumerateArray().Single(i => i.GetProperty("citizenName").GetString() == "Sahra Warsame")
            .GetProperty("lastRoutingReasons")[0].GetString().Should().Contain("speaks so");
        odsherredTriage.EnumerateArray().Single(i => i.GetProperty("citizenName").GetString() == "Jonas Berg")
            .GetProperty("lastRoutingReasons")[0].GetString().Should().Be("postcode 4300 is in no district of this municipality");

        static IEnumerable<string?> Names(JsonElement queue) => queue.EnumerateArray().Select(i => i.GetProperty("citizenName").GetString());
    }

    private async Task<(Guid CaseId, Guid Guide, HttpClient GuideClient, HttpClient Coordinator)> RoutedCase(
        string referrer = "gp.aarhus", HttpClient? sameGuide = null)
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        if (sameGuide is not null)
        {
            var me = (await (await sameGuide.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
            var district = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/guides/{me}")).GetProperty("districts")[0].GetProperty("name").GetString()!;
            var postcode = district.Replace("District ", "", StringComparison.Ordinal);
            var again = await (await (await factory.ClientFor(referrer)).Submit(RoutingWorld.ReferralIn(postcode))).Json();
            return (again.GetProperty("caseId").GetGuid(), me, sameGuide, coordinator);
        }

        var code = RoutingWorld.NewPostcode();
        var districtId = await RoutingWorld.CreateDistrict(coordinator, code);
        var (guide, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, districtId, capacity: 5);
        var created = await (await (await factory.ClientFor(referrer)).Submit(RoutingWorld.ReferralIn(code))).Json();
        created.GetProperty("assignedGuideId").GetGuid().Should().Be(guide);
        return (created.GetProperty("caseId").GetGuid(), guide, await factory.ClientFor(guideUser), coordinator);
    }
}
