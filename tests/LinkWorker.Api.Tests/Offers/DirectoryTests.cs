using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class DirectoryTests_Sqlite(SqliteApiFactory factory) : DirectoryTests<SqliteApiFactory>(factory);

public sealed class DirectoryTests_Postgres(PostgresApiFactory factory) : DirectoryTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// Search and matching on the fixed directory of <see cref="DirectoryWorld"/>. Distances from the centre of 9901
/// (56.00 N, 9.00 E): Ungegruppe 0.1 km, Strikkecafé 0.6 km (0.01° of longitude), Arabisk kvindecafé 2.2 km
/// (0.02° of latitude), Mandeværksted 11.1 km; Telefonven and Online bogklub meet by phone and online.
/// Scores: district +3; ≤2 km +3, ≤5 km +2, ≤15 km +1; language other than Danish spoken +3, not spoken to someone
/// who needs an interpreter −2; each shared interest +2; a shared target group +2; age limits that admit +1;
/// no travel needed (for someone who needs transport) +1, more than 5 km for them −2; a name match +4.
/// </summary>
public abstract class DirectoryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LinkWorkerApiFactory
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<LinkWorkerApiFactory, DirectoryWorld> Worlds = [];

    private DirectoryWorld World { get; set; } = null!;

    public async Task InitializeAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (!Worlds.TryGetValue(factory, out var world))
            {
                world = await DirectoryWorld.Build(factory);
                Worlds[factory] = world;
            }

            World = world;
        }
        finally
        {
            Once.Release();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> Search(string query, HttpClient? client = null)
    {
        var response = await (client ?? World.Coordinator).GetAsync($"/api/offers/search?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [DatabaseFact]
    public async Task Search_by_distance_orders_by_fit_then_distance_and_leaves_out_what_is_too_far()
    {
        var results = await Search("postcode=9901&withinKm=5");

        // Ungegruppe 3 (0.1 km), Strikkecafé 3 (0.6 km), Arabisk kvindecafé 2, then the two that need no travel (0, by name).
        DirectoryWorld.Fixed(results).Should().Equal("Ungegruppe", "Strikkecafé", "Arabisk kvindecafé", "Online bogklub", "Telefonven");
        DirectoryWorld.Reasons(results, "Strikkecafé").Should().Equal("0.6 km away");
        DirectoryWorld.Reasons(results, "Arabisk kvindecafé").Should().Equal("2.2 km away");
        results.EnumerateArray().First().GetProperty("distanceKm").GetDouble().Should().Be(0.1);
    }

    [DatabaseFact]
    public async Task Search_by_text_language_day_cost_and_district_filters_with_reasons()
    {
        var text = await Search("q=caf%C3%A9");
        DirectoryWorld.Names(text).Should().Equal("Arabisk kvindecafé", "Strikkecafé");
        DirectoryWorld.Reasons(text, "Strikkecafé").Should().Equal("name matches \"café\"");

        var arabic = await Search("language=ar");
        DirectoryWorld.Names(arabic).Should().Equal("Arabisk kvindecafé");
        DirectoryWorld.Reasons(arabic, "Arabisk kvindecafé").Should().Equal("held in ar");

        var wednesday = await Search("day=Wednesday");
        DirectoryWorld.Names(wednesday).Should().Equal("Mandeværksted");
        DirectoryWorld.Reasons(wednesday, "Mandeværksted").Should().Equal("meets on Wednesday 09:00–13:00");

        DirectoryWorld.Fixed(await Search("maxCost=0&type=MeetingPlace")).Should().Equal("Arabisk kvindecafé", "Strikkecafé", "Ungegruppe");
        DirectoryWorld.Fixed(await Search($"districtId={World.Sydby}")).Should().Equal("Mandeværksted");

        // Age 70: Ungegruppe (15–25) is left out; the offers with limits that admit rank first.
        var seventy = await Search("age=70");
        DirectoryWorld.Fixed(seventy).Should().Equal("Mandeværksted", "Telefonven", "Arabisk kvindecafé", "Online bogklub", "Strikkecafé");
        DirectoryWorld.Reasons(seventy, "Telefonven").Should().Equal("for ages 60+");
    }

    [DatabaseFact]
    public async Task Search_by_interest_keeps_the_offers_sharing_any_of_them()
    {
        var crafts = await Search("interest=Crafts");
        DirectoryWorld.Fixed(crafts).Should().Equal("Mandeværksted", "Strikkecafé");
        DirectoryWorld.Reasons(crafts, "Strikkecafé").Should().ContainSingle(r => r.StartsWith("shares interests", StringComparison.Ordinal));

        DirectoryWorld.Fixed(await Search("interest=Crafts&interest=Food")).Should().Equal("Arabisk kvindecafé", "Mandeværksted", "Strikkecafé");
        DirectoryWorld.Fixed(await Search("interest=Crafts&postcode=9901")).Should().Equal("Strikkecafé", "Mandeværksted");
    }

    [DatabaseFact]
    public async Task A_search_parameter_the_endpoint_does_not_know_is_refused_by_name()
    {
        var response = await World.Coordinator.GetAsync("/api/offers/search?interests=Crafts&colour=red&postcode=9901");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Json();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("interests", "colour");
    }

    [DatabaseFact]
    public async Task Bad_search_input_names_each_field()
    {
        var response = await World.Coordinator.GetAsync("/api/offers/search?withinKm=5&language=arabic&age=300");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Json()).GetProperty("errors");
        errors.TryGetProperty("postcode", out _).Should().BeTrue();
        errors.TryGetProperty("language", out _).Should().BeTrue();
        errors.TryGetProperty("age", out _).Should().BeTrue();

        var unknown = await World.Coordinator.GetAsync("/api/offers/search?postcode=9999");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.Json()).GetProperty("errors").TryGetProperty("postcode", out _).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task Suggestions_start_from_the_citizen_and_a_match_moves_on_under_the_partner_consent()
    {
        // Born 1 March 1950, speaks Arabic with an interpreter, needs transport (the default referral), bereaved.
        var caseId = await World.Refer("9901", "0103500001", "ar", interpreter: true, transition: "Bereavement");
        var guide = await factory.ClientFor(World.GuideUserName);

        // Interests are recorded under the notes consent.
        var refused = await guide.PutAsJsonAsync($"/api/cases/{caseId}/interests", new { interests = new[] { "Crafts", "Food" } });
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Json()).GetProperty("type").GetString().Should().EndWith("consent-required");
        await guide.RecordConsent(caseId, ["ContactCitizen", "StoreConversationNotes"]);
        (await guide.PutAsJsonAsync($"/api/cases/{caseId}/interests", new { interests = new[] { "Food", "Crafts" } }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var suggestions = await (await guide.GetAsync($"/api/cases/{caseId}/offer-suggestions")).Json();

        // Cafe 3+2+3+2+2 = 12, Strik 3+3−2+2+2 = 8, Telefon 1+1−2+2 = 2, Mand 1−2+1−2+2 = 0, Bog 1−2 = −1; Ungegruppe is for 15–25.
        DirectoryWorld.Fixed(suggestions).Should().Equal("Arabisk kvindecafé", "Strikkecafé", "Telefonven", "Mandeværksted", "Online bogklub");
        suggestions.EnumerateArray().Where(s => s.GetProperty("offer").GetProperty("name").GetString() != "Kortklub")
            .Select(s => s.GetProperty("score").GetInt32()).Should().StartWith([12, 8, 2, 0, -1]);
        DirectoryWorld.Reasons(suggestions, "Arabisk kvindecafé").Should().Equal(
            "in the citizen's district Nordby", "2.2 km away", "held in ar", "shares interests: food", "for newcomers");
        DirectoryWorld.Reasons(suggestions, "Mandeværksted").Should().Equal(
            "11.1 km away", "far for someone who needs transport", "for ages 18+", "not held in ar", "shares interests: crafts");
        DirectoryWorld.Reasons(suggestions, "Telefonven").Should().Equal("no travel needed", "for ages 60+", "not held in ar", "for seniors");

        // The match: suggested, then handed over only with the partner-sharing consent.
        var created = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches", new { offerId = World.Offers["Cafe"] });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var match = await created.Json();
        match.GetProperty("status").GetString().Should().Be("Suggested");
        match.GetProperty("offerName").GetString().Should().Be("Arabisk kvindecafé");
        var matchId = match.GetProperty("id").GetGuid();
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches", new { offerId = World.Offers["Cafe"] })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        DirectoryWorld.Names(await (await guide.GetAsync($"/api/cases/{caseId}/offer-suggestions")).Json()).Should().NotContain("Arabisk kvindecafé");

        var withoutConsent = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/hand-over", new { how = "Accompanied" });
        withoutConsent.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await withoutConsent.Json()).GetProperty("missingScope").GetString().Should().Be("ShareWithPartner");
        await guide.RecordConsent(caseId, ["ShareWithPartner"]);
        // How the guide handed over is required: an empty body is a problem naming "how".
        var withoutHow = await guide.PostAsync($"/api/cases/{caseId}/matches/{matchId}/hand-over", null);
        withoutHow.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await withoutHow.Json()).GetProperty("errors").TryGetProperty("how", out _).Should().BeTrue();
        var handOver = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/hand-over", new { how = "IntroducedByPhone" });
        handOver.StatusCode.Should().Be(HttpStatusCode.OK, await handOver.Content.ReadAsStringAsync());
        var shared = await handOver.Json();
        shared.GetProperty("contact").GetProperty("name").GetString().Should().Be("Kontakt Arabisk kvindecafé");
        shared.GetProperty("citizen").GetProperty("interpreterNeeded").GetBoolean().Should().BeTrue();
        shared.GetProperty("match").GetProperty("status").GetString().Should().Be("OrganiserContacted");
        shared.GetProperty("match").GetProperty("detailsSharedAt").ValueKind.Should().Be(JsonValueKind.String);
        shared.GetProperty("match").GetProperty("handedOverHow").GetString().Should().Be("IntroducedByPhone");

        // Going along sets the first attendance the outcome report counts; stopping needs a reason; a stopped match stays stopped.
        var version = shared.GetProperty("match").GetProperty("version").GetInt32();
        var day = DanishTime.Today(factory.Clock).AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var went = await (await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/status", new { status = "WentAlong", on = day, version })).Json();
        went.GetProperty("firstAttendedOn").GetString().Should().Be(day);
        var noReason = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/status", new { status = "Stopped", version = went.GetProperty("version").GetInt32() });
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Json()).GetProperty("errors").TryGetProperty("stopReason", out _).Should().BeTrue();
        var outdated = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/status", new { status = "Attending", version });
        outdated.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var stopped = await (await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/status",
            new { status = "Stopped", stopReason = "Flyttede", version = went.GetProperty("version").GetInt32() })).Json();
        stopped.GetProperty("stoppedOn").ValueKind.Should().Be(JsonValueKind.String);
        var back = await guide.PostAsJsonAsync($"/api/cases/{caseId}/matches/{matchId}/status",
            new { status = "Attending", version = stopped.GetProperty("version").GetInt32() });
        back.StatusCode.Should().Be(HttpStatusCode.Conflict);

        // The match is the case's participation, as the outcome figures read it.
        var outcomes = await (await guide.GetAsync($"/api/cases/{caseId}/outcomes")).Json();
        var participation = outcomes.GetProperty("participations").EnumerateArray().Single();
        participation.GetProperty("offerId").GetGuid().Should().Be(World.Offers["Cafe"]);
        participation.GetProperty("stopReason").GetString().Should().Be("Flyttede");
    }

    [DatabaseFact]
    public async Task Only_maintainers_change_the_directory_and_other_municipalities_see_none_of_it()
    {
        var guide = await factory.ClientFor(World.GuideUserName);
        var attempt = await guide.PostAsJsonAsync("/api/offers", DirectoryWorld.Offer("Guidens eget", "SocialActivity", "SocialNetwork", [], [], DirectoryWorld.Place("9901", 56, 9), 0));
        attempt.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await guide.GetAsync("/api/offers/search?q=Strik")).StatusCode.Should().Be(HttpStatusCode.OK);

        var odsherred = await factory.ClientFor("coordinator.odsherred");
        (await odsherred.GetAsync($"/api/offers/{World.Offers["Strik"]}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var theirs = await (await odsherred.GetAsync("/api/offers")).Json();
        theirs.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).Should().NotIntersectWith(World.Offers.Values);
        (await odsherred.PostAsync($"/api/offers/{World.Offers["Strik"]}/archive", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task A_bad_offer_is_refused_naming_each_field_and_nothing_is_stored()
    {
        var before = (await (await World.Editor.GetAsync("/api/offers")).Json()).GetArrayLength();
        var offer = DirectoryWorld.Offer("", "MeetingPlace", "SocialNetwork", [], [], DirectoryWorld.Place("99", 95, 9), -5, "Monday", "12:00", "10:00", minAge: 40, maxAge: 30);
        offer["contact"] = null;
        var response = await World.Editor.PostAsJsonAsync("/api/offers", offer);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        var fields = (await response.Json()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        fields.Should().Contain(["name", "maxAge", "location.postcode", "location.latitude", "schedule[0].closes", "cost", "contact"]);
        (await (await World.Editor.GetAsync("/api/offers")).Json()).GetArrayLength().Should().Be(before);

        offer = DirectoryWorld.Offer("Ukendt type", "Unknown", "SocialNetwork", [], [], DirectoryWorld.Place("9901", 56, 9), 0);
        (await World.Editor.PostAsJsonAsync("/api/offers", offer)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task Offers_are_edited_with_their_version_and_archived_ones_leave_search()
    {
        var id = await DirectoryWorld.Create(World.Editor, DirectoryWorld.Offer("Kortklub", "SocialActivity", "SocialNetwork", ["Games"], [],
            DirectoryWorld.Place("9902", 56.1, 9.001), 0, "Tuesday", "13:00", "16:00"));
        var read = await (await World.Editor.GetAsync($"/api/offers/{id}")).Json();
        read.GetProperty("district").GetProperty("name").GetString().Should().Be("Sydby");
        read.GetProperty("isStale").GetBoolean().Should().BeFalse();

        var edit = DirectoryWorld.Offer("Kortklub Sydby", "SocialActivity", "SocialNetwork", ["Games"], [], DirectoryWorld.Place("9902", 56.1, 9.001), 10);
        edit["version"] = read.GetProperty("version").GetInt32();
        (await World.Editor.PutAsJsonAsync($"/api/offers/{id}", edit)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await World.Editor.PutAsJsonAsync($"/api/offers/{id}", edit)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        DirectoryWorld.Names(await Search("q=Kortklub")).Should().Equal("Kortklub Sydby");

        (await World.Editor.PostAsync($"/api/offers/{id}/archive", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        DirectoryWorld.Names(await Search("q=Kortklub")).Should().BeEmpty();
        var all = await (await World.Editor.GetAsync("/api/offers?includeArchived=true")).Json();
        all.EnumerateArray().Single(o => o.GetProperty("id").GetGuid() == id).GetProperty("isArchived").GetBoolean().Should().BeTrue();
    }
}
