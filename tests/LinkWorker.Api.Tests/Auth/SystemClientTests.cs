using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Api.Tests.Auth;

public sealed class SystemClientTests_Sqlite(SqliteApiFactory factory) : SystemClientTests<SqliteApiFactory>(factory);

public sealed class SystemClientTests_Postgres(PostgresApiFactory factory) : SystemClientTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Referring systems as OAuth clients (ADR 0013): client credentials with a secret or a signed assertion, revocation, introspection.</summary>
public abstract class SystemClientTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string DemoSystem = "gp-system.aarhus";

    [DatabaseFact]
    public async Task The_demo_GP_system_gets_a_token_carrying_its_organisation_and_municipality_and_refers_as_the_organisation()
    {
        var token = await ClientCredentials(DemoSystem, LinkWorkerApiFactory.DemoPassword);
        var claims = OidcBrowser.Payload(token);
        var system = Bearer(token);

        var unnamed = await system.Submit(ReferralBodies.Valid());
        var body = ReferralBodies.Valid();
        body["referringProfessional"] = "Læge Anne Holm";
        var submitted = await system.Submit(body);
        var referral = (await submitted.Json()).GetProperty("referralId").GetGuid();
        var mine = await (await system.GetAsync("/api/referrals")).Json();
        var one = await system.GetAsync($"/api/referrals/{referral}");
        var me = await (await system.GetAsync("/api/me")).Json();

        claims.GetProperty("role").GetString().Should().Be("Referrer");
        claims.GetProperty("municipality").GetString().Should().Be("0751");
        claims.GetProperty("system").GetString().Should().Be(DemoSystem);
        claims.GetProperty("aud").ToString().Should().Contain("linkworker-api");
        unnamed.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a system names the professional who refers");
        (await unnamed.Json()).GetProperty("errors").TryGetProperty("referringProfessional", out _).Should().BeTrue();
        submitted.StatusCode.Should().Be(HttpStatusCode.Created);
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Contain(referral);
        one.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await one.Json();
        view.GetProperty("referringProfessional").GetString().Should().Be("Læge Anne Holm");
        view.GetProperty("organisationId").GetString().Should().Be(claims.GetProperty("organisation").GetString(), "the referral is the organisation's");
        me.GetProperty("organisation").GetProperty("id").GetString().Should().Be(claims.GetProperty("organisation").GetString());
    }

    [DatabaseFact]
    public async Task A_wrong_secret_and_an_unknown_client_are_refused()
    {
        var wrong = await TokenRequest(DemoSystem, "not-the-secret");
        var unknown = await TokenRequest("no-such-system", LinkWorkerApiFactory.DemoPassword);

        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Json()).GetProperty("error").GetString().Should().Be("invalid_client");
        unknown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task An_administrator_registers_a_system_whose_secret_is_shown_once_stored_hashed_rotated_and_disabled()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var organisation = await OrganisationOf("gp.aarhus");

        var created = await admin.PostAsJsonAsync("/api/admin/clients", new { displayName = "Hjemmeplejens system", organisationId = organisation });
        var registration = await created.Json();
        var clientId = registration.GetProperty("clientId").GetString()!;
        var secret = registration.GetProperty("clientSecret").GetString()!;
        var listed = await (await admin.GetAsync("/api/admin/clients")).Content.ReadAsStringAsync();
        var stored = await factory.WithDatabase(db => Task.FromResult(db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication<Guid>>()
            .Single(a => a.ClientId == clientId).ClientSecret));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        listed.Should().Contain(clientId).And.NotContain(secret);
        stored.Should().NotBeNullOrEmpty().And.NotContain(secret);
        var first = await ClientCredentials(clientId, secret);

        var rotated = await (await admin.PostAsync($"/api/admin/clients/{clientId}/secret", null)).Json();
        var newSecret = rotated.GetProperty("clientSecret").GetString()!;
        (await TokenRequest(clientId, secret)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old secret stops working");
        await ClientCredentials(clientId, newSecret);

        (await admin.PostAsync($"/api/admin/clients/{clientId}/disable", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await TokenRequest(clientId, newSecret)).StatusCode.Should().NotBe(HttpStatusCode.OK);
        var introspection = await Introspect(DemoSystem, LinkWorkerApiFactory.DemoPassword, first);
        introspection.GetProperty("active").GetBoolean().Should().BeFalse("a disabled client's tokens are revoked");
        var audited = await factory.WithDatabase(db => Task.FromResult(db.AuditEntries.Count(a => a.EntityType == "Client")));
        audited.Should().BeGreaterThanOrEqualTo(3);
    }

    [DatabaseFact]
    public async Task Only_administrators_of_the_municipality_manage_its_clients()
    {
        var organisation = await OrganisationOf("gp.aarhus");
        var guide = await factory.ClientFor("guide1.aarhus");
        var otherAdmin = await factory.ClientFor("admin.odsherred");

        (await guide.PostAsJsonAsync("/api/admin/clients", new { displayName = "X", organisationId = organisation })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await otherAdmin.PostAsJsonAsync("/api/admin/clients", new { displayName = "X", organisationId = organisation })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherAdmin.PostAsync($"/api/admin/clients/{DemoSystem}/secret", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherAdmin.GetAsync("/api/admin/clients")).Content.ReadAsStringAsync().Result.Should().NotContain(DemoSystem);
    }

    [DatabaseFact]
    public async Task A_private_key_in_the_registration_is_refused_naming_the_field()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        using var rsa = RSA.Create(2048);
        var privateJwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true)));

        var response = await admin.PostAsJsonAsync("/api/admin/clients", new
        {
            displayName = "Jobcentrets system",
            organisationId = await OrganisationOf("gp.aarhus"),
            publicJwk = JsonSerializer.SerializeToElement(new { kty = "RSA", n = privateJwk.N, e = privateJwk.E, d = privateJwk.D }),
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").TryGetProperty("publicJwk", out _).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task A_system_with_a_registered_key_authenticates_with_a_signed_assertion_once()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "system-key-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "system-key-1" });
        var registration = await (await admin.PostAsJsonAsync("/api/admin/clients", new
        {
            displayName = "Jobcentrets system",
            organisationId = await OrganisationOf("jobcentre.aarhus"),
            publicJwk = JsonSerializer.SerializeToElement(new { kty = "RSA", kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS256" }),
        })).Json();
        var clientId = registration.GetProperty("clientId").GetString()!;
        registration.GetProperty("clientSecret").ValueKind.Should().Be(JsonValueKind.Null);

        var assertion = Assertion(clientId, key);
        var first = await AssertionRequest(clientId, assertion);
        var replayed = await AssertionRequest(clientId, assertion);
        var fresh = await AssertionRequest(clientId, Assertion(clientId, key));
        using var otherRsa = RSA.Create(2048);
        var foreign = await AssertionRequest(clientId, Assertion(clientId, new RsaSecurityKey(otherRsa) { KeyId = "system-key-1" }));

        first.StatusCode.Should().Be(HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        OidcBrowser.Payload((await first.Json()).GetProperty("access_token").GetString()!).GetProperty("system").GetString().Should().Be(clientId);
        replayed.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an assertion is used once");
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        foreign.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "signed with a key the client did not register");
    }

    [DatabaseFact]
    public async Task Introspection_tells_a_live_token_from_a_revoked_one()
    {
        var token = await ClientCredentials(DemoSystem, LinkWorkerApiFactory.DemoPassword);

        var live = await Introspect(DemoSystem, LinkWorkerApiFactory.DemoPassword, token);
        var revoke = await factory.CreateClient().PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = "access_token",
            ["client_id"] = DemoSystem,
            ["client_secret"] = LinkWorkerApiFactory.DemoPassword,
        }));
        var revoked = await Introspect(DemoSystem, LinkWorkerApiFactory.DemoPassword, token);

        live.GetProperty("active").GetBoolean().Should().BeTrue();
        live.GetProperty("sub").GetString().Should().NotBeNullOrEmpty();
        live.GetProperty("client_id").GetString().Should().Be(DemoSystem);
        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        revoked.GetProperty("active").GetBoolean().Should().BeFalse();
        (await Introspect(DemoSystem, "wrong", token)).ValueKind.Should().Be(JsonValueKind.Undefined, "introspection needs the client's credentials");
    }

    [DatabaseFact]
    public async Task The_web_app_revokes_its_refresh_token_at_sign_out()
    {
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync(await factory.CreateUser("Guide"));

        var revoke = await browser.Http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.RefreshToken!,
            ["token_type_hint"] = "refresh_token",
            ["client_id"] = OidcBrowser.ClientId,
        }));
        var refreshed = await browser.RefreshAsync(tokens.RefreshToken!);

        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        refreshed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private string Assertion(string clientId, SecurityKey key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = clientId,
        Audience = "http://localhost/",
        Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
        IssuedAt = factory.Clock.GetUtcNow().UtcDateTime,
        NotBefore = factory.Clock.GetUtcNow().UtcDateTime,
        Expires = factory.Clock.GetUtcNow().AddMinutes(2).UtcDateTime,
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        TokenType = "client-authentication+jwt",
    });

    private Task<HttpResponseMessage> AssertionRequest(string clientId, string assertion) =>
        factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = "api",
        }));

    private Task<HttpResponseMessage> TokenRequest(string clientId, string secret) =>
        factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "api",
        }));

    private async Task<string> ClientCredentials(string clientId, string secret)
    {
        var response = await TokenRequest(clientId, secret);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("access_token").GetString()!;
    }

    private async Task<JsonElement> Introspect(string clientId, string secret, string token)
    {
        var response = await factory.CreateClient().PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        return response.IsSuccessStatusCode ? await response.Json() : default;
    }

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> OrganisationOf(string userName) =>
        Guid.Parse((await (await (await factory.ClientFor(userName)).GetAsync("/api/me")).Json()).GetProperty("organisation").GetProperty("id").GetString()!);
}
