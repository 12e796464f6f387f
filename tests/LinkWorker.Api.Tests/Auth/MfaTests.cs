using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Auth;

public class MfaSqliteApiFactory : SqliteApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Authentication:RequireMfa", "true")];
}

public class MfaPostgresApiFactory : PostgresApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Authentication:RequireMfa", "true")];
}

public sealed class MfaTests_Sqlite(MfaSqliteApiFactory factory) : MfaTests<MfaSqliteApiFactory>(factory);

public sealed class MfaTests_Postgres(MfaPostgresApiFactory factory) : MfaTests<MfaPostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Authentication:RequireMfa on: staff enrol a TOTP authenticator, sign in with it, and the API wants amr "mfa".</summary>
public abstract partial class MfaTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_guide_enrols_an_authenticator_gets_recovery_codes_and_a_token_the_API_accepts()
    {
        var userName = await factory.CreateUser("Guide");
        var browser = new OidcBrowser(factory);
        var (verifier, challenge) = OidcBrowser.NewPkce();

        var enrolment = await PasswordStep(browser, userName, challenge);
        enrolment.Should().Contain("<html lang=\"da\">").And.Contain("data:image/png;base64,").And.Contain("alt=\"QR-kode");
        var key = SharedKey().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var wrong = await PostCode(browser, enrolment, "000000");
        var codesPage = await PostCode(browser, await wrong.Content.ReadAsStringAsync(), Totp(key));
        var recoveryCodes = RecoveryCode().Matches(await codesPage.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        var code = OidcBrowser.CodeFrom(await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge)));
        var tokens = (await (await browser.ExchangeAsync(code, verifier)).Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!;

        (await wrong.Content.ReadAsStringAsync()).Should().Contain("role=\"alert\"").And.Contain("aria-describedby=\"code-error\"");
        codesPage.StatusCode.Should().Be(HttpStatusCode.OK);
        recoveryCodes.Should().HaveCount(10);
        OidcBrowser.Payload(tokens.AccessToken).GetProperty("amr").EnumerateArray().Select(a => a.GetString()).Should().Contain(["pwd", "mfa"]);
        (await Me(tokens.AccessToken)).Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task An_enrolled_guide_signs_in_with_a_code_or_a_recovery_code_once()
    {
        var userName = await factory.CreateUser("Guide");
        var (key, recovery) = await Enrol(userName);

        var withCode = await SignInWithSecondFactor(userName, Totp(key, 1));
        var withRecovery = await SignInWithSecondFactor(userName, recovery);
        var recoveryAgain = await SignInWithSecondFactor(userName, recovery);

        withCode.Should().NotBeNull();
        (await Me(withCode!)).Should().Be(HttpStatusCode.OK);
        withRecovery.Should().NotBeNull();
        recoveryAgain.Should().BeNull("a recovery code works once");
    }

    [DatabaseFact]
    public async Task Staff_tokens_without_a_second_factor_are_refused_and_a_referrers_are_not()
    {
        var guide = factory.CreateClient();
        var guideToken = (await (await guide.PostAsJsonAsync("/api/auth/token", new { userName = "guide1.aarhus", password = LinkWorkerApiFactory.DemoPassword }))
            .Content.ReadFromJsonAsync<LinkWorkerApiFactory.TokenResponse>())!.AccessToken;
        var referrer = await new OidcBrowser(factory).SignInAsync("gp.aarhus");

        (await Me(guideToken)).Should().Be(HttpStatusCode.Unauthorized, "the password flow has no second factor");
        (await Me(referrer.AccessToken)).Should().Be(HttpStatusCode.OK, "referrers see no citizen data beyond their own referrals");
        OidcBrowser.Payload(referrer.AccessToken).GetProperty("amr").ToString().Should().Contain("pwd").And.NotContain("mfa");
    }

    [DatabaseFact]
    public async Task An_administrator_resets_a_lost_second_factor_and_the_person_enrols_again()
    {
        var userName = await factory.CreateUser("Coordinator");
        var (key, _) = await Enrol(userName);
        var userId = await factory.WithDatabase(db => Task.FromResult(db.Users.Single(u => u.UserName == userName).Id));
        var admin = await AdminWithMfa();
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);

        var reset = await api.PostAsync($"/api/admin/accounts/{userId}/reset-mfa", null);
        var browser = new OidcBrowser(factory);
        var (_, challenge) = OidcBrowser.NewPkce();
        var next = await PasswordStep(browser, userName, challenge);

        reset.StatusCode.Should().Be(HttpStatusCode.NoContent);
        next.Should().Contain("data:image/png;base64,", "enrolment starts again");
        SharedKey().Match(next).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).Should().NotBe(key);
        (await factory.WithDatabase(db => Task.FromResult(db.AuditEntries.Count(a => a.EntityType == "Account" && a.EntityId == userId)))).Should().Be(1);
        (await api.PostAsync($"/api/admin/accounts/{Guid.NewGuid()}/reset-mfa", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task An_authenticator_code_is_accepted_once_on_any_node()
    {
        var userName = await factory.CreateUser("Guide");
        var (key, _) = await Enrol(userName);
        var code = Totp(key, 1); // the enrolment used this time step's code; the next one is still within the drift allowed

        var first = await SignInWithSecondFactor(userName, code);
        var replayed = await SignInWithSecondFactor(userName, code);
        var earlier = await SignInWithSecondFactor(userName, Totp(key));

        first.Should().NotBeNull();
        replayed.Should().BeNull("RFC 6238 §5.2: a code is accepted once");
        earlier.Should().BeNull("a time step before the last accepted one");
        (await factory.WithDatabase(db => Task.FromResult(db.Users.Single(u => u.UserName == userName).LastTotpTimeStep)))
            .Should().NotBeNull("kept in the shared database, so every node refuses the replay");
    }

    private async Task<string> AdminWithMfa()
    {
        var userName = await factory.CreateUser("Administrator");
        var (key, _) = await Enrol(userName);
        return (await SignInWithSecondFactor(userName, Totp(key, 1)))!;
    }

    /// <summary>Password step; returns the page it leads to (enrolment or code).</summary>
    private static async Task<string> PasswordStep(OidcBrowser browser, string userName, string challenge)
    {
        var redirect = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var page = await (await browser.Http.GetAsync(redirect.Headers.Location)).Content.ReadAsStringAsync();
        var posted = await browser.PostSignInForm(page, userName, LinkWorkerApiFactory.DemoPassword);
        posted.StatusCode.Should().Be(HttpStatusCode.OK, "the second step is a page, not yet a redirect");
        return await posted.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> PostCode(OidcBrowser browser, string page, string code) =>
        browser.PostForm(page, "/account/mfa", new Dictionary<string, string> { ["code"] = code });

    private async Task<(string Key, string Recovery)> Enrol(string userName)
    {
        var browser = new OidcBrowser(factory);
        var enrolment = await PasswordStep(browser, userName, OidcBrowser.NewPkce().Challenge);
        var key = SharedKey().Match(enrolment).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var codes = await (await PostCode(browser, enrolment, Totp(key))).Content.ReadAsStringAsync();
        return (key, RecoveryCode().Match(codes).Groups[1].Value);
    }

    private async Task<string?> SignInWithSecondFactor(string userName, string code)
    {
        var browser = new OidcBrowser(factory);
        var (verifier, challenge) = OidcBrowser.NewPkce();
        var codePage = await PasswordStep(browser, userName, challenge);
        codePage.Should().Contain("autocomplete=\"one-time-code\"").And.NotContain("data:image/png");
        var posted = await PostCode(browser, codePage, code);
        if (posted.StatusCode != HttpStatusCode.Redirect)
        {
            return null;
        }

        var authorizationCode = OidcBrowser.CodeFrom(await browser.Http.GetAsync(posted.Headers.Location));
        return (await (await browser.ExchangeAsync(authorizationCode, verifier)).Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!.AccessToken;
    }

    private async Task<HttpStatusCode> Me(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/me")).StatusCode;
    }

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) from a base32 key, as an authenticator app computes it.</summary>
    private static string Totp(string base32Key, int stepOffset = 0)
    {
        var key = Base32(base32Key);
        var counter = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30) + stepOffset;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; the test computes what they compute.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.ToUpperInvariant().TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }

    [GeneratedRegex("""<code id="shared-key">([^<]+)</code>""")]
    private static partial Regex SharedKey();

    [GeneratedRegex("""<li><code>([^<]+)</code></li>""")]
    private static partial Regex RecoveryCode();
}
