using System.Net;
using System.Net.Http.Headers;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Auth;

public sealed class KeyRotationTests_Sqlite(SqliteApiFactory factory) : KeyRotationTests<SqliteApiFactory>(factory);

public sealed class KeyRotationTests_Postgres(PostgresApiFactory factory) : KeyRotationTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>The documented rotation (deploy/README.md): add a key, restart, retire the old one, restart.</summary>
public abstract class KeyRotationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_new_key_signs_after_a_restart_while_the_old_keeps_validating_until_it_is_retired()
    {
        var oldToken = (await new OidcBrowser(factory).SignInAsync("guide1.aarhus")).AccessToken;
        var oldKid = Kid(oldToken);
        var newKid = await factory.WithDatabase(db => ServerKeyStore.AddKeyAsync(db, ServerKey.Signing, factory.Clock, CancellationToken.None));

        await using var restarted = factory.NodeOnSameDatabase();
        var newToken = (await new OidcBrowser(restarted).SignInAsync("guide1.aarhus")).AccessToken;
        var jwks = await (await restarted.CreateClient().GetAsync("/.well-known/jwks")).Json();

        Kid(newToken).Should().Be(newKid).And.NotBe(oldKid);
        jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).Should().BeEquivalentTo([oldKid, newKid]);
        (await Me(restarted, oldToken)).Should().Be(HttpStatusCode.OK, "tokens signed with the old key still work");

        await factory.WithDatabase(db => db.ServerKeys.Where(k => k.Id == oldKid).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, DateTimeOffset.UtcNow)));
        await using var afterRetirement = factory.NodeOnSameDatabase();

        (await Me(afterRetirement, oldToken)).Should().Be(HttpStatusCode.Unauthorized, "a retired key validates nothing");
        (await Me(afterRetirement, newToken)).Should().Be(HttpStatusCode.OK);
    }

    private static string Kid(string jwt) =>
        System.Text.Json.JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(jwt.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;

    private static async Task<HttpStatusCode> Me(LinkWorkerApiFactory node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }
}
