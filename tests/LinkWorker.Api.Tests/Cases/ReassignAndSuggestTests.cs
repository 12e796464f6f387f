using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Cases;

public sealed class ReassignAndSuggestTests_Sqlite(SqliteApiFactory factory) : ReassignAndSuggestTests<SqliteApiFactory>(factory);

public sealed class ReassignAndSuggestTests_Postgres(PostgresApiFactory factory) : ReassignAndSuggestTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// Issue 14: a coordinator moves all of an away guide's cases in one request (all or nothing, idempotent, audited),
/// and reads the guides that fit a case with why.
/// </summary>
public abstract class ReassignAndSuggestTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task All_of_a_guides_open_cases_move_to_a_colleague_once_with_the_reason_kept_and_audited()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (away, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 2);
        var gp = await factory.ClientFor("gp.aarhus");
        var cases = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            cases.Add((await (await gp.Submit(RoutingWorld.ReferralIn(postcode))).Json()).GetProperty("caseId").GetGuid());
        }

        var (colleague, colleagueUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 3);

        var first = await Reassign(coordinator, away, new { toGuideId = colleague, reason = "Sick leave" }, "move-1");
        var again = await Reassign(coordinator, away, new { toGuideId = colleague, reason = "Sick leave" }, "move-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        (await first.Json()).GetProperty("caseIds").EnumerateArray().Select(c => c.GetGuid()).Should().BeEquivalentTo(cases);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var queue = await (await factory.ClientFor(colleagueUser)).GetAllItems("/api/queue");
        queue.EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().BeEquivalentTo(cases);
        var (loads, audited, decisions) = await factory.WithDatabase(async db => (
            await db.Guides.IgnoreQueryFilters().Where(g => g.Id == away || g.Id == colleague).ToDictionaryAsync(g => g.Id, g => g.ActiveCaseCount),
            await db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == "ReassignGuideCases" && a.EntityId != null && cases.Contains(a.EntityId.Value)).CountAsync(),
            await db.RoutingDecisions.IgnoreQueryFilters().Where(d => cases.Contains(d.CaseId) && d.GuideId == colleague).ToListAsync()));
        loads[away].Should().Be(0);
        loads[colleague].Should().Be(2);
        audited.Should().Be(2, "each moved case is audited once; the replay wrote nothing");
        decisions.Should().HaveCount(2).And.OnlyContain(d => d.Reasons[0] == "Sick leave");
    }

    [DatabaseFact]
    public async Task Nothing_moves_when_the_colleague_has_too_few_places()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (away, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 2);
        var gp = await factory.ClientFor("gp.aarhus");
        await gp.Submit(RoutingWorld.ReferralIn(postcode));
        await gp.Submit(RoutingWorld.ReferralIn(postcode));
        var (small, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 1);

        var refused = await Reassign(coordinator, away, new { toGuideId = small, reason = "Holiday" });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Json()).GetProperty("errors").GetProperty("toGuideId")[0].GetString().Should().Contain("room for 1 more cases; 2 would move");
        var held = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().CountAsync(c => c.AssignedGuideId == away));
        held.Should().Be(2);
    }

    [DatabaseFact]
    public async Task Bad_input_names_each_field_and_other_roles_and_municipalities_are_refused()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var guides = await coordinator.GetFromJsonAsync<JsonElement>("/api/guides");
        var someone = guides[0].GetProperty("id").GetGuid();

        var bad = await Reassign(coordinator, someone, new { toGuideId = someone });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await bad.Json()).GetProperty("errors");
        errors.TryGetProperty("toGuideId", out _).Should().BeTrue();
        errors.TryGetProperty("reason", out _).Should().BeTrue();

        (await Reassign(await factory.ClientFor("guide1.aarhus"), someone, new { toGuideId = Guid.NewGuid(), reason = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var other = await Reassign(await factory.ClientFor("coordinator.odsherred"), someone, new { toGuideId = Guid.NewGuid(), reason = "x" });
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await other.Json()).GetProperty("errors").TryGetProperty("fromGuideId", out _).Should().BeTrue("an Aarhus guide is no guide of Odsherred");
    }

    [DatabaseFact]
    public async Task The_suggested_guides_for_a_case_come_best_fit_first_with_why()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(RoutingWorld.ReferralIn(postcode, "so", interpreter: true))).Json();
        var caseId = created.GetProperty("caseId").GetGuid();
        var (speaker, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 4, languages: ["da", "so"]);
        var (other, _) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 4);

        var suggestions = await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/guide-suggestions");

        suggestions.GetProperty("districtName").GetString().Should().Be($"District {postcode}");
        suggestions.GetProperty("language").GetString().Should().Be("so");
        var ranked = suggestions.GetProperty("guides").EnumerateArray().ToList();
        ranked[0].GetProperty("guideId").GetGuid().Should().Be(speaker);
        ranked[0].GetProperty("speaksLanguage").GetBoolean().Should().BeTrue();
        ranked[0].GetProperty("coversDistrict").GetBoolean().Should().BeTrue();
        ranked[1].GetProperty("guideId").GetGuid().Should().Be(other);
        ranked[1].GetProperty("speaksLanguage").GetBoolean().Should().BeFalse();
        ranked.Skip(2).Should().OnlyContain(g => !g.GetProperty("coversDistrict").GetBoolean());

        (await (await factory.ClientFor("coordinator.odsherred")).GetAsync($"/api/cases/{caseId}/guide-suggestions")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await factory.ClientFor("guide1.aarhus")).GetAsync($"/api/cases/{caseId}/guide-suggestions")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private static async Task<HttpResponseMessage> Reassign(HttpClient client, Guid from, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/guides/{from}/reassign-cases") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request);
    }
}
