using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkWorker.Api.Tests.Support;

/// <summary>Referral request bodies as the API documents them, easy to vary field by field.</summary>
public static class ReferralBodies
{
    // A random start per run, then a sequence: distinct numbers within a run (36,000 before they repeat).
    private static int _sequence = Random.Shared.Next(0, 30_000);

    /// <summary>A distinct valid CPR number (born 1950-1999, sequence digit 0-3: 20th century).</summary>
    public static string NewCpr()
    {
        var n = Interlocked.Increment(ref _sequence);
        var birth = new DateOnly(1950, 1, 1).AddDays(n % 18_000);
        return birth.ToString("ddMMyy", CultureInfo.InvariantCulture) + (n % 4000).ToString("0000", CultureInfo.InvariantCulture);
    }

    public static JsonObject Valid(string? cpr = null, string name = "Grethe Test") => new()
    {
        ["citizen"] = new JsonObject
        {
            ["name"] = name,
            ["cprNumber"] = cpr ?? NewCpr(),
            ["phone"] = "+4512345678",
            ["email"] = "grethe@example.dk",
            ["address"] = new JsonObject { ["street"] = "Testvej 1", ["postcode"] = "8000", ["city"] = "Aarhus C" },
            ["preferredLanguage"] = "da",
            ["interpreterNeeded"] = false,
        },
        ["reason"] = "Has felt alone since retiring; would like to meet others.",
        ["lifeArenas"] = new JsonArray("LeisureAndCommunities"),
        ["lifeTransitions"] = new JsonArray("Retirement"),
        ["lonelinessType"] = "Situational",
        ["practicalNeeds"] = new JsonObject { ["transport"] = true, ["disability"] = false, ["digitalAccess"] = false, ["notes"] = null },
        ["urgency"] = "Normal",
        ["consent"] = new JsonObject
        {
            ["given"] = true,
            ["obtainedBy"] = "Dr. Hansen",
            ["method"] = "Verbal",
            ["obtainedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
        },
    };

    public static async Task<HttpResponseMessage> Submit(this HttpClient client, JsonObject body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
