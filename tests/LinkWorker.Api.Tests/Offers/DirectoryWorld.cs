using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Municipalities;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Offers;

/// <summary>
/// A municipality of its own (no demo offers) with a fixed directory, built through the API: districts Nordby
/// (9901) and Sydby (9902) about 11 km apart, Østby (9904) with no offers, and postcode 9903 outside every
/// district. The expected orders and reasons in the tests are worked out from these coordinates.
/// </summary>
public sealed class DirectoryWorld
{
    public const string Code = "0101";

    private DirectoryWorld()
    {
    }

    public required HttpClient Coordinator { get; init; }

    public required HttpClient Editor { get; init; }

    public required string CoordinatorUserName { get; init; }

    public required string EditorUserName { get; init; }

    public required Guid Nordby { get; init; }

    public required Guid Sydby { get; init; }

    /// <summary>Offer ids by their short names: Strik, Mand, Cafe, Telefon, Unge, Bog.</summary>
    public required IReadOnlyDictionary<string, Guid> Offers { get; init; }

    public required string GuideUserName { get; init; }

    public static async Task<DirectoryWorld> Build(LinkWorkerApiFactory factory)
    {
        await factory.WithDatabase(async db =>
        {
            db.Municipalities.Add(new Municipality(Code, "Testkommune"));
            db.PostcodeAreas.AddRange(
                new PostcodeArea("9901", "Nordby", 56.0000, 9.0000),
                new PostcodeArea("9902", "Sydby", 56.1000, 9.0000),
                new PostcodeArea("9903", "Udkant", 56.3000, 9.0000),
                new PostcodeArea("9904", "Østby", 56.0000, 9.5000));
            return await db.SaveChangesAsync();
        });

        var coordinatorUser = await factory.CreateUser("Coordinator", Code);
        var editorUser = await factory.CreateUser("DirectoryAdministrator", Code);
        var coordinator = await factory.ClientFor(coordinatorUser);
        var editor = await factory.ClientFor(editorUser);
        var nordby = await District(coordinator, "Nordby", "9901");
        var sydby = await District(coordinator, "Sydby", "9902");
        await District(coordinator, "Østby", "9904");
        var (_, guide) = await RoutingWorld.CreateGuide(factory, coordinator, nordby, capacity: 10, ["da", "ar"], Code);

        var offers = new Dictionary<string, Guid>(StringComparer.Ordinal)
        {
            ["Strik"] = await Create(editor, Offer("Strikkecafé", "MeetingPlace", "SocialNetwork", ["Crafts", "Conversation"], ["Seniors"],
                Place("9901", 56.0000, 9.0100), cost: 0, day: "Monday", opens: "10:00", closes: "12:00")),
            ["Mand"] = await Create(editor, Offer("Mandeværksted", "MeetingPlace", "SocialNetwork", ["Crafts"], [],
                Place("9902", 56.1000, 9.0000), cost: 20, day: "Wednesday", opens: "09:00", closes: "13:00", minAge: 18, gender: "Men")),
            ["Cafe"] = await Create(editor, Offer("Arabisk kvindecafé", "MeetingPlace", "SocialNetwork", ["Food", "Conversation"], ["Newcomers"],
                Place("9901", 56.0200, 9.0000), cost: 0, day: "Thursday", opens: "14:00", closes: "16:00", languages: ["da", "ar"], gender: "Women")),
            ["Telefon"] = await Create(editor, Offer("Telefonven", "OnlineOrPhone", "PersonalSocialSupport", ["Conversation"], ["Seniors"],
                null, cost: 0, minAge: 60, modes: ["Phone"])),
            ["Unge"] = await Create(editor, Offer("Ungegruppe", "MeetingPlace", "SocialNetwork", ["Games"], ["YoungPeople"],
                Place("9901", 56.0010, 9.0000), cost: 0, day: "Friday", opens: "18:00", closes: "21:00", minAge: 15, maxAge: 25)),
            ["Bog"] = await Create(editor, Offer("Online bogklub", "OnlineOrPhone", "SocialNetwork", ["Culture"], [],
                null, cost: 0, modes: ["Online"])),
        };

        return new DirectoryWorld
        {
            Coordinator = coordinator,
            CoordinatorUserName = coordinatorUser,
            EditorUserName = editorUser,
            Editor = editor,
            Nordby = nordby,
            Sydby = sydby,
            Offers = offers,
            GuideUserName = guide,
        };
    }

    public static JsonObject Place(string postcode, double latitude, double longitude) => new()
    {
        ["name"] = $"Huset {postcode}",
        ["street"] = "Torvet 1",
        ["postcode"] = postcode,
        ["city"] = "Testby",
        ["latitude"] = latitude,
        ["longitude"] = longitude,
    };

    public static JsonObject Offer(
        string name, string type, string strategy, string[] interests, string[] groups, JsonObject? location, int? cost,
        string? day = null, string? opens = null, string? closes = null, int? minAge = null, int? maxAge = null, string[]? languages = null,
        string[]? modes = null, string gender = "Everyone") => new()
        {
            ["name"] = name,
            ["description"] = $"Beskrivelse af {name}.",
            ["organiser"] = new JsonObject { ["name"] = $"Forening for {name}", ["email"] = "forening@example.dk" },
            ["strategy"] = strategy,
            ["type"] = type,
            ["minAge"] = minAge,
            ["maxAge"] = maxAge,
            ["targetGroups"] = new JsonArray(groups.Select(g => (JsonNode)g).ToArray()),
            ["genderFocus"] = gender,
            ["languages"] = new JsonArray((languages ?? ["da"]).Select(l => (JsonNode)l).ToArray()),
            ["runBy"] = "Volunteers",
            ["modes"] = new JsonArray((modes ?? ["InPerson"]).Select(m => (JsonNode)m).ToArray()),
            ["interests"] = new JsonArray(interests.Select(i => (JsonNode)i).ToArray()),
            ["location"] = location,
            ["schedule"] = day is null ? new JsonArray() : new JsonArray(new JsonObject { ["day"] = day, ["opens"] = opens, ["closes"] = closes }),
            ["cost"] = cost,
            ["contact"] = new JsonObject { ["name"] = $"Kontakt {name}", ["role"] = "Vært", ["phone"] = "+4570000000" },
        };

    public static async Task<Guid> Create(HttpClient editor, JsonObject offer)
    {
        var response = await editor.PostAsJsonAsync("/api/offers", offer);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    /// <summary>A referral in this municipality, sent by the coordinator (a self-referral needs no organisation).</summary>
    public async Task<Guid> Refer(string postcode, string cpr, string language = "da", bool interpreter = false, string transition = "Retirement")
    {
        var body = RoutingWorld.ReferralIn(postcode, language, interpreter);
        body["citizen"]!["cprNumber"] = cpr;
        body["lifeTransitions"] = new JsonArray(transition);
        var response = await Coordinator.Submit(body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("caseId").GetGuid();
    }

    private static readonly string[] FixedNames = ["Strikkecafé", "Mandeværksted", "Arabisk kvindecafé", "Telefonven", "Ungegruppe", "Online bogklub"];

    /// <summary>The names of the fixed offers among the results, in order (other tests of the class add offers of their own).</summary>
    public static IReadOnlyList<string> Fixed(JsonElement results) => Names(results).Where(FixedNames.Contains).ToList();

    public static IReadOnlyList<string> Names(JsonElement results) =>
        results.EnumerateArray().Select(r => r.GetProperty("offer").GetProperty("name").GetString()!).ToList();

    public static IReadOnlyList<string> Reasons(JsonElement results, string name) =>
        results.EnumerateArray().Single(r => r.GetProperty("offer").GetProperty("name").GetString() == name)
            .GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();

    private static async Task<Guid> District(HttpClient coordinator, string name, string postcode)
    {
        var response = await coordinator.PostAsJsonAsync("/api/districts", new { name, postcodes = new[] { postcode } });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }
}
