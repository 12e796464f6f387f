using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkWorker.Api.Tests.Support;

/// <summary>Builds a small routing world through the API: a district of its own and guides in it.</summary>
public static class RoutingWorld
{
    private static int _postcode = 5000 + Random.Shared.Next(0, 800);

    /// <summary>A postcode no demo district uses, distinct within the run.</summary>
    public static string NewPostcode() => Interlocked.Increment(ref _postcode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Guid> CreateDistrict(HttpClient coordinator, string postcode)
    {
        var response = await coordinator.PostAsJsonAsync("/api/districts", new { name = $"District {postcode}", postcodes = new[] { postcode } });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    public static async Task<(Guid Id, string UserName)> CreateGuide(
        LinkWorkerApiFactory factory, HttpClient coordinator, Guid district, int capacity, string[]? languages = null, string municipality = "0751")
    {
        var userName = await factory.CreateUser("Guide", municipality);
        var response = await coordinator.PostAsJsonAsync("/api/guides", new
        {
            userName,
            profile = new { capacity, districts = new[] { district }, languages = languages ?? ["da"], specialties = Array.Empty<string>(), employer = "Municipality", isVolunteer = false },
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return ((await response.Json()).GetProperty("id").GetGuid(), userName);
    }

    /// <summary>A fresh guide in a fresh district with one case routed to them.</summary>
    public static async Task<(Guid CaseId, Guid ReferralId, HttpClient Guide, HttpClient Coordinator)> NewRoutedCase(
        LinkWorkerApiFactory factory, string referrer = "gp.aarhus")
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var code = NewPostcode();
        var district = await CreateDistrict(coordinator, code);
        var (_, guideUser) = await CreateGuide(factory, coordinator, district, capacity: 5);
        var created = await (await (await factory.ClientFor(referrer)).Submit(ReferralIn(code))).Json();
        return (created.GetProperty("caseId").GetGuid(), created.GetProperty("referralId").GetGuid(), await factory.ClientFor(guideUser), coordinator);
    }

    public static JsonObject ReferralIn(string postcode, string language = "da", bool interpreter = false)
    {
        var body = ReferralBodies.Valid();
        body["citizen"]!["address"]!["postcode"] = postcode;
        body["citizen"]!["preferredLanguage"] = language;
        body["citizen"]!["interpreterNeeded"] = interpreter;
        return body;
    }

    /// <summary>The guide records the citizen's consent to the given scopes (obtained an hour ago).</summary>
    public static async Task<JsonElement> RecordConsent(this HttpClient guide, Guid caseId, string[] scopes, DateTimeOffset? expiresAt = null)
    {
        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents", new
        {
            scopes,
            method = "Verbal",
            obtainedBy = "The guide",
            obtainedAt = DateTimeOffset.UtcNow.AddHours(-1),
            expiresAt,
        });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static Task<JsonElement> ShareStatusWithReferrer(this HttpClient guide, Guid caseId) =>
        guide.RecordConsent(caseId, ["ShareStatusWithReferrer"]);

    public static async Task<JsonElement> Post(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        return await response.Json();
    }
}
