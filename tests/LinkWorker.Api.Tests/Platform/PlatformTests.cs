using System.Net;
using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;

namespace LinkWorker.Api.Tests.Platform;

public sealed class PlatformTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_anonymously(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task The_openapi_description_lists_the_routes_and_the_bearer_scheme()
    {
        var document = await factory.CreateClient().GetStringAsync("/openapi/v1.json");

        document.Should().Contain("\"/api/referrals\"").And.Contain("\"/api/referrals/{id}\"").And.Contain("\"/api/auth/token\"");
        document.Should().Contain("\"bearer\"");
    }

    [Fact]
    public async Task The_browsable_ui_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/swagger/index.html");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_correlation_id_is_echoed_or_created()
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Correlation-Id", "abc-123");

        var echoed = await client.SendAsync(request);
        var created = await client.GetAsync("/health/live");

        echoed.Headers.GetValues("X-Correlation-Id").Should().Equal("abc-123");
        created.Headers.GetValues("X-Correlation-Id").Single().Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Fact]
    public async Task An_unknown_route_gives_a_404_problem_to_a_signed_in_caller()
    {
        var response = await (await factory.ClientFor("gp.aarhus")).GetAsync("/api/no-such-thing");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Json()).GetProperty("correlationId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var client = await factory.ClientFor("gp.aarhus");

        var response = await client.PostAsync("/api/referrals", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("   at ", "no stack traces leave the server");
    }
}

public sealed class RateLimitedApiFactory : SqliteApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("RateLimiting:AuthPermitsPerMinute", "3")];
}

public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Sign_in_attempts_are_rate_limited_with_a_429_problem()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "wrong-password" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { userName = "nobody", password = "wrong-password" });

        statuses.Take(3).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await limited.Json()).GetProperty("type").GetString().Should().EndWith("/too-many-requests");
    }
}
