using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Auth;

public sealed class TokenTests_Sqlite(SqliteApiFactory factory) : TokenTests<SqliteApiFactory>(factory);

public sealed class TokenTests_Postgres(PostgresApiFactory factory) : TokenTests<PostgresApiFactory>(factory), IUsesPostgres;

public abstract class TokenTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_user_signs_in_and_the_token_identifies_them()
    {
        var client = factory.CreateClient();

        var tokens = await SignIn(client, "coordinator.odsherred");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var me = await (await client.GetAsync("/api/me")).Json();

        tokens.ExpiresIn.Should().Be(900);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Coordinator");
        me.GetProperty("municipality").GetString().Should().Be("0306");
        me.GetProperty("municipalityName").GetString().Should().Be("Odsherred");
    }

    [DatabaseFact]
    public async Task A_wrong_password_is_refused_with_401_problem()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName = "gp.aarhus", password = "wrong-password" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Json()).GetProperty("type").GetString().Should().EndWith("/invalid-credentials");
    }

    [DatabaseFact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_one()
    {
        var userName = await factory.CreateUser("Referrer");
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/token", new { userName, password = "wrong-password" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var right = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = LinkWorkerApiFactory.DemoPassword });

        right.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task Refresh_rotates_and_the_old_refresh_token_stops_working()
    {
        var client = factory.CreateClient();
        var first = await SignIn(client, await factory.CreateUser("Guide"));

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        var second = (await refreshed.Content.ReadFromJsonAsync<LinkWorkerApiFactory.TokenResponse>())!;
        var replay = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = first.RefreshToken });
        var afterReplay = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = second.RefreshToken });

        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        second.RefreshToken.Should().NotBe(first.RefreshToken);
        replay.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        afterReplay.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a replayed refresh token ends the whole sign-in");
    }

    [DatabaseFact]
    public async Task Refresh_tokens_are_stored_only_as_hashes()
    {
        var tokens = await SignIn(factory.CreateClient(), await factory.CreateUser("Guide"));

        var stored = await factory.WithDatabase(db => db.RefreshTokens.Select(t => t.TokenHash).ToListAsync());

        stored.Should().NotContain(tokens.RefreshToken).And.HaveCountGreaterThan(0);
    }

    [DatabaseFact]
    public async Task An_access_token_stops_working_when_it_expires()
    {
        var client = factory.CreateClient();
        var tokens = await SignIn(client, await factory.CreateUser("Guide"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        try
        {
            (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(-16));
        }
    }

    [DatabaseFact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var client = factory.CreateClient();
        var tokens = await SignIn(client, "gp.aarhus");
        var parts = tokens.AccessToken.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(new byte[32])}";
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task The_signing_key_survives_a_restart()
    {
        var tokens = await SignIn(factory.CreateClient(), "gp.aarhus");

        // A second host on the same database: a restart, or another node.
        await using var restarted = factory.WithWebHostBuilder(_ => { });
        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.WithDatabase(db => db.ServerKeys.CountAsync(k => k.Use == "sig"))).Should().Be(1, "the second node uses the first node's key");
    }

    private static async Task<LinkWorkerApiFactory.TokenResponse> SignIn(HttpClient client, string userName)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = LinkWorkerApiFactory.DemoPassword });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<LinkWorkerApiFactory.TokenResponse>())!;
    }
}
