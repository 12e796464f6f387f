using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Cases;

public sealed class QueueVisitTests_Sqlite(SqliteApiFactory factory) : QueueVisitTests<SqliteApiFactory>(factory);

public sealed class QueueVisitTests_Postgres(PostgresApiFactory factory) : QueueVisitTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// "New since your last visit": reading the queue's first page is a visit; a case that reached the guide since the
/// visit before is marked and counted — on that page and the pages after it — and is not new on the next visit.
/// </summary>
public abstract class QueueVisitTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_case_that_arrived_since_the_previous_visit_is_new_on_this_visit_and_not_on_the_next()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var gp = await factory.ClientFor("gp.aarhus");
        var guide = await factory.ClientFor(guideUser);

        var old = await CaseIn(gp, postcode);
        var first = await Queue(guide);
        first.GetProperty("previousVisitAt").ValueKind.Should().Be(JsonValueKind.Null, "the guide never looked before");
        Item(first, old).GetProperty("isNew").GetBoolean().Should().BeTrue("before any visit every case is new");

        Tick();
        var fresh = await CaseIn(gp, postcode);
        Tick();
        var second = await Queue(guide);
        second.GetProperty("newSinceLastVisit").GetInt32().Should().Be(1);
        Item(second, fresh).GetProperty("isNew").GetBoolean().Should().BeTrue("it arrived after the previous visit");
        Item(second, old).GetProperty("isNew").GetBoolean().Should().BeFalse("it was there at the previous visit");
        second.GetProperty("previousVisitAt").GetDateTimeOffset().Should().BeBefore(factory.Clock.GetUtcNow());

        Tick();
        var third = await Queue(guide);
        third.GetProperty("newSinceLastVisit").GetInt32().Should().Be(0);
        Item(third, fresh).GetProperty("isNew").GetBoolean().Should().BeFalse("the guide has seen it since");
    }

    [DatabaseFact]
    public async Task Two_tabs_opening_the_queue_for_the_first_time_at_once_both_get_it()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var guide = await factory.ClientFor(guideUser);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => guide.GetAsync("/api/queue")));

        responses.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        Tick();
        var next = await Queue(guide);
        next.GetProperty("previousVisitAt").ValueKind.Should().NotBe(JsonValueKind.Null, "one of the first visits was recorded");
    }

    [DatabaseFact]
    public async Task Further_pages_keep_the_marks_of_the_visit_and_do_not_count_as_a_visit()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var gp = await factory.ClientFor("gp.aarhus");
        var guide = await factory.ClientFor(guideUser);
        await Queue(guide);
        Tick();
        var cases = new[] { await CaseIn(gp, postcode), await CaseIn(gp, postcode) };
        Tick();

        var page1 = await Queue(guide, "?pageSize=1");
        var cursor = page1.GetProperty("nextCursor").GetString();
        var page2 = await Queue(guide, $"?pageSize=1&cursor={Uri.EscapeDataString(cursor!)}");

        page1.GetProperty("newSinceLastVisit").GetInt32().Should().Be(2, "the count covers every page");
        page2.GetProperty("newSinceLastVisit").GetInt32().Should().Be(2);
        new[] { page1, page2 }.SelectMany(p => p.GetProperty("items").EnumerateArray())
            .Should().OnlyContain(i => i.GetProperty("isNew").GetBoolean()).And.HaveCount(2);
        cases.Should().Contain(page2.GetProperty("items")[0].GetProperty("caseId").GetGuid());

        Tick();
        (await Queue(guide)).GetProperty("newSinceLastVisit").GetInt32().Should().Be(0, "the second page was not a visit of its own");
    }

    [DatabaseFact]
    public async Task A_case_assigned_by_the_coordinator_since_the_previous_visit_is_new()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guideId, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var guide = await factory.ClientFor(guideUser);
        // Nobody speaks Somali: the case waits in triage, opened before the guide's visit.
        var waiting = (await (await (await factory.ClientFor("gp.aarhus")).Submit(RoutingWorld.ReferralIn(postcode, "so", interpreter: true))).Json())
            .GetProperty("caseId").GetGuid();
        Tick();
        await Queue(guide);
        Tick();

        var assigned = await coordinator.PostAsJsonAsync($"/api/cases/{waiting}/assign", new { guideId, reason = "Tolk bestilt" });
        assigned.StatusCode.Should().Be(HttpStatusCode.OK, await assigned.Content.ReadAsStringAsync());
        Tick();
        var queue = await Queue(guide);

        Item(queue, waiting).GetProperty("isNew").GetBoolean().Should().BeTrue("it reached the guide after the previous visit");
        queue.GetProperty("newSinceLastVisit").GetInt32().Should().Be(1);
    }

    private void Tick() => factory.Clock.Advance(TimeSpan.FromSeconds(1));

    private static async Task<Guid> CaseIn(HttpClient gp, string postcode)
    {
        var response = await gp.Submit(RoutingWorld.ReferralIn(postcode));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Json()).GetProperty("caseId").GetGuid();
    }

    private static async Task<JsonElement> Queue(HttpClient guide, string query = "")
    {
        var response = await guide.GetAsync($"/api/queue{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static JsonElement Item(JsonElement page, Guid caseId) =>
        page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("caseId").GetGuid() == caseId);
}
