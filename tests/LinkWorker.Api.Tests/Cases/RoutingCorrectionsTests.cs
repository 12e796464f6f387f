using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Cases;

public sealed class RoutingCorrectionsTests_Sqlite(SqliteApiFactory factory) : RoutingCorrectionsTests<SqliteApiFactory>(factory);

public sealed class RoutingCorrectionsTests_Postgres(PostgresApiFactory factory) : RoutingCorrectionsTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Issue 19, routing points 1–5: continuity, absence in the reasons, self-referrals, fixed deadlines, who decided.</summary>
public abstract class RoutingCorrectionsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_new_referral_for_a_returning_citizen_goes_to_their_most_recent_guide()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (first, firstGuide) = await GuideInNewDistrict(coordinator, "Birte Før");
        var (second, _) = await GuideInNewDistrict(coordinator, "Ole Distrikt");
        var cpr = ReferralBodies.NewCpr();
        var earlier = await (await (await factory.ClientFor("gp.aarhus")).Submit(Referral(first.Postcode, cpr))).Json();
        earlier.GetProperty("assignedGuideId").GetGuid().Should().Be(first.Id);
        (await (await factory.ClientFor(firstGuide)).PostAsJsonAsync($"/api/cases/{earlier.GetProperty("caseId").GetGuid()}/close", new { reason = "InCommunity" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        // The citizen has moved to the other guide's district since; continuity still wins.
        var again = await (await (await factory.ClientFor("homecare.aarhus")).Submit(Referral(second.Postcode, cpr))).Json();

        again.GetProperty("attachedToExistingCase").GetBoolean().Should().BeFalse();
        again.GetProperty("assignedGuideId").GetGuid().Should().Be(first.Id);
        var routing = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{again.GetProperty("caseId").GetGuid()}")).GetProperty("routing");
        Reasons(routing[0]).Should().Equal("continuity: the citizen's guide before", "0 of 5 cases");
    }

    [DatabaseFact]
    public async Task When_the_best_fitting_guide_is_absent_the_reasons_name_the_absence_and_the_cover()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (absent, _) = await GuideInNewDistrict(coordinator, "Anne Fraværende", specialties: ["Disability"]);
        var cover = await GuideIn(coordinator, absent.District, "Carsten Dækker");
        var until = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20);
        await SetAbsence(coordinator, absent.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2), until, cover);

        var body = Referral(absent.Postcode, ReferralBodies.NewCpr());
        body["practicalNeeds"]!["disability"] = true;
        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(body)).Json();

        created.GetProperty("assignedGuideId").GetGuid().Should().Be(cover);
        var routing = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{created.GetProperty("caseId").GetGuid()}")).GetProperty("routing");
        Reasons(routing[0]).Should().Equal(
            $"district District {absent.Postcode}", "specialty disability",
            $"Anne Fraværende absent until {until.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}; cover Carsten Dækker", "0 of 5 cases");
    }

    [DatabaseFact]
    public async Task A_guides_own_self_referral_stays_with_them_unless_they_choose_triage()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (mine, myUser) = await GuideInNewDistrict(coordinator, "Gitte Telefon");
        var (elsewhere, _) = await GuideInNewDistrict(coordinator, "Hans Andetsted");
        var guide = await factory.ClientFor(myUser);

        var kept = await (await guide.Submit(Referral(elsewhere.Postcode, ReferralBodies.NewCpr()))).Json();
        var toTriageBody = Referral(elsewhere.Postcode, ReferralBodies.NewCpr());
        toTriageBody["toTriage"] = true;
        var triaged = await (await guide.Submit(toTriageBody)).Json();

        kept.GetProperty("assignedGuideId").GetGuid().Should().Be(mine.Id);
        var keptRouting = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{kept.GetProperty("caseId").GetGuid()}")).GetProperty("routing");
        Reasons(keptRouting[0]).Should().Equal("self-referral: registered by Gitte Telefon", "0 of 5 cases");

        triaged.GetProperty("status").GetString().Should().Be("Received");
        triaged.GetProperty("assignedGuideId").ValueKind.Should().Be(JsonValueKind.Null);
        var waiting = (await coordinator.GetFromJsonAsync<JsonElement>("/api/triage")).EnumerateArray()
            .Single(i => i.GetProperty("caseId").GetGuid() == triaged.GetProperty("caseId").GetGuid());
        waiting.GetProperty("lastRoutingReasons")[0].GetString().Should().Be("self-referral: Gitte Telefon chose triage");
    }

    [DatabaseFact]
    public async Task A_referrer_cannot_choose_triage_and_the_problem_names_the_field()
    {
        var body = ReferralBodies.Valid();
        body["toTriage"] = true;

        var response = await (await factory.ClientFor("gp.aarhus")).Submit(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").TryGetProperty("toTriage", out _).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task Changing_the_setting_does_not_move_existing_deadlines_but_applies_to_new_referrals()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (guide, guideUser) = await GuideInNewDistrict(coordinator, "Dorte Frist");
        var guideClient = await factory.ClientFor(guideUser);
        var gp = await factory.ClientFor("gp.aarhus");
        var existing = (await (await gp.Submit(Referral(guide.Postcode, ReferralBodies.NewCpr()))).Json()).GetProperty("caseId").GetGuid();
        var before = await Due(guideClient, existing);
        var settings = await coordinator.GetFromJsonAsync<JsonElement>("/api/municipality/settings");
        var days = settings.GetProperty("firstContactWorkingDays").GetInt32();

        try
        {
            (await coordinator.PutAsJsonAsync("/api/municipality/settings", new { firstContactWorkingDays = days + 10, unreachableAfterAttempts = 3 }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
            var later = (await (await gp.Submit(Referral(guide.Postcode, ReferralBodies.NewCpr()))).Json()).GetProperty("caseId").GetGuid();

            (await Due(guideClient, existing)).Should().Be(before, "the deadline was fixed when the referral arrived");
            (await Due(guideClient, later)).Should().BeAfter(before.AddDays(13), "a new referral takes the new rule");
        }
        finally
        {
            await coordinator.PutAsJsonAsync("/api/municipality/settings", new
            {
                firstContactWorkingDays = days,
                unreachableAfterAttempts = settings.GetProperty("unreachableAfterAttempts").GetInt32(),
            });
        }
    }

    [DatabaseFact]
    public async Task The_routing_history_names_who_decided()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var coordinatorName = (await coordinator.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("name").GetString();
        var (guide, guideUser) = await GuideInNewDistrict(coordinator, "Inge Historik");
        var other = await GuideIn(coordinator, guide.District, "Jens Modtager");
        var caseId = (await (await (await factory.ClientFor("gp.aarhus")).Submit(Referral(guide.Postcode, ReferralBodies.NewCpr()))).Json())
            .GetProperty("caseId").GetGuid();
        var guideClient = await factory.ClientFor(guideUser);

        (await guideClient.PostAsJsonAsync($"/api/cases/{caseId}/hand-back", new { reason = "Needs debt counselling first" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await coordinator.PostAsJsonAsync($"/api/cases/{caseId}/assign", new { guideId = other, reason = "Knows the family" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var routing = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("routing");

        coordinatorName.Should().NotBeNullOrEmpty();
        routing[0].GetProperty("decidedByName").ValueKind.Should().Be(JsonValueKind.Null, "the automatic rules decided");
        routing[1].GetProperty("kind").GetString().Should().Be("HandBack");
        routing[1].GetProperty("decidedByName").GetString().Should().Be("Inge Historik", "the guide (lowest load, then name) handed it back");
        routing[2].GetProperty("kind").GetString().Should().Be("Assignment");
        routing[2].GetProperty("decidedByName").GetString().Should().Be(coordinatorName);
    }

    private sealed record NewGuide(Guid Id, Guid District, string Postcode);

    private async Task<(NewGuide Guide, string UserName)> GuideInNewDistrict(HttpClient coordinator, string name, string[]? specialties = null)
    {
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var id = await GuideIn(coordinator, district, name, specialties);
        return (new NewGuide(id, district, postcode), await UserNameOf(id));
    }

    private async Task<Guid> GuideIn(HttpClient coordinator, Guid district, string name, string[]? specialties = null)
    {
        var userName = await factory.CreateUser("Guide");
        var userId = await factory.WithDatabase(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());
        await factory.WithDatabase(db => db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, name)));
        var response = await coordinator.PostAsJsonAsync("/api/guides", new
        {
            userName,
            profile = new { capacity = 5, districts = new[] { district }, languages = new[] { "da" }, specialties = specialties ?? [], employer = "Municipality", isVolunteer = false },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    private Task<string> UserNameOf(Guid id) => factory.WithDatabase(db => db.Users.Where(u => u.Id == id).Select(u => u.UserName!).SingleAsync());

    private static async Task SetAbsence(HttpClient coordinator, Guid guide, DateOnly from, DateOnly to, Guid cover)
    {
        var read = await coordinator.GetFromJsonAsync<JsonElement>($"/api/guides/{guide}");
        var response = await coordinator.PutAsJsonAsync($"/api/guides/{guide}", new
        {
            profile = new
            {
                capacity = read.GetProperty("capacity").GetInt32(),
                districts = read.GetProperty("districts").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).ToArray(),
                languages = new[] { "da" },
                specialties = read.GetProperty("specialties").EnumerateArray().Select(s => s.GetString()).ToArray(),
                absences = new[] { new { from, to, coveringGuideId = cover } },
            },
            version = read.GetProperty("version").GetInt32(),
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static System.Text.Json.Nodes.JsonObject Referral(string postcode, string cpr)
    {
        var body = RoutingWorld.ReferralIn(postcode);
        body["citizen"]!["cprNumber"] = cpr;
        return body;
    }

    private static async Task<DateOnly> Due(HttpClient client, Guid caseId) => DateOnly.Parse(
        (await client.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("firstContactDeadline").GetProperty("due").GetString()!,
        CultureInfo.InvariantCulture);

    private static IEnumerable<string?> Reasons(JsonElement decision) => decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString());
}
