using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Api.Tests.Auth;

public sealed class TokenTamperingTests_Sqlite(SqliteApiFactory factory) : TokenTamperingTests<SqliteApiFactory>(factory);

public sealed class TokenTamperingTests_Postgres(PostgresApiFactory factory) : TokenTamperingTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Access tokens from the OpenID Connect server that somebody changed, forged or kept too long stay 401.</summary>
public abstract class TokenTamperingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task The_genuine_token_works_and_every_tampered_one_is_refused()
    {
        var token = (await new OidcBrowser(factory).SignInAsync("gp.aarhus")).AccessToken;
        var parts = token.Split('.');
        var header = JsonNode.Parse(Base64UrlEncoder.Decode(parts[0]))!.AsObject();
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1]))!.AsObject();

        var promoted = payload.DeepClone().AsObject();
        promoted["role"] = "Administrator";
        var otherMunicipality = payload.DeepClone().AsObject();
        otherMunicipality["municipality"] = "0306";
        var unsignedHeader = header.DeepClone().AsObject();
        unsignedHeader["alg"] = "none";
        using var foreignKey = RSA.Create(2048);
        var foreignSignature = Base64UrlEncoder.Encode(foreignKey.SignData(
            Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var jwks = await (await factory.CreateClient().GetAsync("/.well-known/jwks")).Content.ReadAsStringAsync();
        var hmacHeader = header.DeepClone().AsObject();
        hmacHeader["alg"] = "HS256";
        var hmacInput = $"{Encode(hmacHeader)}.{parts[1]}";
        var confused = $"{hmacInput}.{Base64UrlEncoder.Encode(HMACSHA256.HashData(Encoding.UTF8.GetBytes(jwks), Encoding.ASCII.GetBytes(hmacInput)))}";

        (await Me(token)).Should().Be(HttpStatusCode.OK);
        (await Me($"{parts[0]}.{Encode(promoted)}.{parts[2]}")).Should().Be(HttpStatusCode.Unauthorized, "a changed role breaks the signature");
        (await Me($"{parts[0]}.{Encode(otherMunicipality)}.{parts[2]}")).Should().Be(HttpStatusCode.Unauthorized, "a changed municipality breaks the signature");
        (await Me($"{Encode(unsignedHeader)}.{parts[1]}.")).Should().Be(HttpStatusCode.Unauthorized, "alg none is never accepted");
        (await Me($"{parts[0]}.{parts[1]}.{foreignSignature}")).Should().Be(HttpStatusCode.Unauthorized, "signed with a key that is not the server's");
        (await Me(confused)).Should().Be(HttpStatusCode.Unauthorized, "HS256 keyed with the public key is not RS256");
    }

    [DatabaseFact]
    public async Task An_access_token_from_the_code_flow_stops_working_when_it_expires()
    {
        var token = (await new OidcBrowser(factory).SignInAsync(await factory.CreateUser("Guide"))).AccessToken;
        (await Me(token)).Should().Be(HttpStatusCode.OK);

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        try
        {
            (await Me(token)).Should().Be(HttpStatusCode.Unauthorized);
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(-16));
        }
    }

    private static string Encode(JsonObject json) => Base64UrlEncoder.Encode(json.ToJsonString());

    private async Task<HttpStatusCode> Me(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }
}
