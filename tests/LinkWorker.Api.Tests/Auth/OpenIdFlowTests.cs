using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Auth;

public sealed class OpenIdFlowTests_Sqlite(SqliteApiFactory factory) : OpenIdFlowTests<SqliteApiFactory>(factory);

public sealed class OpenIdFlowTests_Postgres(PostgresApiFactory factory) : OpenIdFlowTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>The embedded OpenID Connect server (ADR 0013) as the web app meets it: discovery, code + PKCE, refresh, sign-out.</summary>
public abstract class OpenIdFlowTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task Discovery_names_the_endpoints_and_only_S256_and_the_JWKS_holds_the_signing_key()
    {
        var client = factory.CreateClient();

        var discovery = await (await client.GetAsync("/.well-known/openid-configuration")).Json();
        var jwks = await (await client.GetAsync("/.well-known/jwks")).Json();

        discovery.GetProperty("issuer").GetString().Should().Be("http://localhost/");
        discovery.GetProperty("authorization_endpoint").GetString().Should().Be("http://localhost/connect/authorize");
        discovery.GetProperty("token_endpoint").GetString().Should().Be("http://localhost/connect/token");
        discovery.GetProperty("end_session_endpoint").GetString().Should().Be("http://localhost/connect/endsession");
        discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()).Should().Equal("S256");
        discovery.GetProperty("grant_types_supported").EnumerateArray().Select(m => m.GetString()).Should().Contain(["authorization_code", "refresh_token"]).And.NotContain("password");
        var key = jwks.GetProperty("keys").EnumerateArray().Should().ContainSingle().Subject;
        key.GetProperty("kty").GetString().Should().Be("RSA");
        key.GetProperty("use").GetString().Should().Be("sig");
        key.TryGetProperty("d", out _).Should().BeFalse("only the public half is published");
    }

    [DatabaseFact]
    public async Task The_code_flow_with_PKCE_signs_a_guide_in_and_the_API_accepts_the_access_token()
    {
        var browser = new OidcBrowser(factory);

        var tokens = await browser.SignInAsync("coordinator.odsherred");

        var access = OidcBrowser.Payload(tokens.AccessToken);
        access.GetProperty("iss").GetString().Should().Be("http://localhost/");
        access.GetProperty("aud").ToString().Should().Contain("linkworker-api");
        access.GetProperty("role").ToString().Should().Contain("Coordinator");
        access.GetProperty("municipality").GetString().Should().Be("0306");
        access.GetProperty("name").GetString().Should().NotBeNullOrEmpty();
        var identity = OidcBrowser.Payload(tokens.IdToken!);
        identity.GetProperty("aud").ToString().Should().Contain("linkworker-web");
        identity.GetProperty("nonce").GetString().Should().Be("nonce-1");
        identity.GetProperty("municipality").GetString().Should().Be("0306");
        tokens.RefreshToken.Should().NotBeNullOrEmpty("offline_access was asked for");
        tokens.ExpiresIn.Should().BeInRange(890, 900);

        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        var me = await (await api.GetAsync("/api/me")).Json();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Coordinator");
        me.GetProperty("municipality").GetString().Should().Be("0306");

        // The identity token is for the web app, not a key to the API.
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.IdToken);
        (await api.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task A_referrer_signed_in_through_the_code_flow_submits_a_referral_and_a_guide_may_not_triage()
    {
        var referrer = await new OidcBrowser(factory).SignInAsync("gp.aarhus");
        var guide = await new OidcBrowser(factory).SignInAsync("guide1.aarhus");

        var asReferrer = factory.CreateClient();
        asReferrer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", referrer.AccessToken);
        var asGuide = factory.CreateClient();
        asGuide.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", guide.AccessToken);

        (await asReferrer.Submit(ReferralBodies.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await asGuide.GetAsync("/api/triage")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task A_wrong_or_missing_code_verifier_is_refused()
    {
        var browser = new OidcBrowser(factory);
        var (verifier, challenge) = OidcBrowser.NewPkce();
        var wrongCode = await browser.AuthorizeAsync("guide1.aarhus", LinkWorkerApiFactory.DemoPassword, challenge);
        var (_, challenge2) = OidcBrowser.NewPkce();
        var missingCode = await browser.AuthorizeAsync("guide1.aarhus", LinkWorkerApiFactory.DemoPassword, challenge2);

        var wrong = await browser.ExchangeAsync(wrongCode, OidcBrowser.NewPkce().Verifier);
        var missing = await browser.ExchangeAsync(missingCode, verifier: null);

        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrong.Json()).GetProperty("error").GetString().Should().Be("invalid_grant");
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Json()).GetProperty("error").GetString().Should().Be("invalid_request");
    }

    [DatabaseFact]
    public async Task A_code_is_used_once()
    {
        var browser = new OidcBrowser(factory);
        var (verifier, challenge) = OidcBrowser.NewPkce();
        var code = await browser.AuthorizeAsync("guide1.aarhus", LinkWorkerApiFactory.DemoPassword, challenge);

        (await browser.ExchangeAsync(code, verifier)).StatusCode.Should().Be(HttpStatusCode.OK);
        var again = await browser.ExchangeAsync(code, verifier);

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Json()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [DatabaseFact]
    public async Task A_plain_code_challenge_and_a_request_without_one_are_refused()
    {
        var browser = new OidcBrowser(factory);
        var (verifier, _) = OidcBrowser.NewPkce();

        var plain = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(verifier, method: "plain"));
        var none = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(verifier).Replace("&code_challenge=" + verifier + "&code_challenge_method=S256", "", StringComparison.Ordinal));

        foreach (var response in new[] { plain, none })
        {
            // Either an error page at once or an error sent back to the client; never a code.
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                response.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be(OidcBrowser.RedirectUri);
                response.Headers.Location.Query.Should().Contain("error=invalid_request").And.NotContain("code=");
            }
            else
            {
                response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                (await response.Content.ReadAsStringAsync()).Should().Contain("invalid_request");
            }
        }
    }

    [DatabaseFact]
    public async Task An_unregistered_redirect_uri_is_refused_without_redirecting()
    {
        var browser = new OidcBrowser(factory);
        var (_, challenge) = OidcBrowser.NewPkce();

        var response = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge).Replace(
            Uri.EscapeDataString(OidcBrowser.RedirectUri), Uri.EscapeDataString("https://evil.example/signin-oidc"), StringComparison.Ordinal));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task The_sign_in_page_is_Danish_first_labelled_and_protected_by_antiforgery()
    {
        var browser = new OidcBrowser(factory);
        var (_, challenge) = OidcBrowser.NewPkce();
        var redirect = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var html = await (await browser.Http.GetAsync(redirect.Headers.Location)).Content.ReadAsStringAsync();

        html.Should().Contain("<html lang=\"da\">")
            .And.Contain("<label for=\"userName\">Brugernavn <span lang=\"en\">(User name)</span></label>")
            .And.Contain("<label for=\"password\">Adgangskode <span lang=\"en\">(Password)</span></label>")
            .And.Contain("id=\"userName\"").And.Contain("id=\"password\"")
            .And.Contain("autocomplete=\"current-password\"");

        // Without the antiforgery token (a form posted from another site) nothing is checked.
        var forged = await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "guide1.aarhus", ["password"] = LinkWorkerApiFactory.DemoPassword }));
        forged.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task Unknown_locked_and_wrong_give_the_same_answer_and_five_failures_lock_the_account()
    {
        var userName = await factory.CreateUser("Guide");
        var browser = new OidcBrowser(factory);
        var (_, challenge) = OidcBrowser.NewPkce();
        var redirect = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var page = await (await browser.Http.GetAsync(redirect.Headers.Location)).Content.ReadAsStringAsync();

        async Task<(HttpStatusCode Status, string Body)> Try(string name, string password)
        {
            var response = await browser.PostSignInForm(page, name, password);
            return (response.StatusCode, Normalise(await response.Content.ReadAsStringAsync(), name));
        }

        var unknown = await Try("nobody.at.all", "wrong-password");
        var wrong = await Try(userName, "wrong-password");
        for (var i = 0; i < 4; i++)
        {
            await Try(userName, "wrong-password");
        }

        var locked = await Try(userName, LinkWorkerApiFactory.DemoPassword);

        wrong.Status.Should().Be(HttpStatusCode.OK);
        wrong.Body.Should().Contain("role=\"alert\"").And.Contain("aria-describedby=\"signin-error\"").And.Contain("aria-invalid=\"true\"");
        unknown.Should().Be(wrong);
        locked.Should().Be(wrong, "a locked account signs in with the right password no more than with a wrong one");
    }

    [DatabaseFact]
    public async Task Refresh_rotates_and_a_reused_refresh_token_revokes_the_family()
    {
        var browser = new OidcBrowser(factory);
        var first = await browser.SignInAsync(await factory.CreateUser("Guide"));

        var refreshed = await browser.RefreshAsync(first.RefreshToken!);
        var second = (await refreshed.Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!;
        var replay = await browser.RefreshAsync(first.RefreshToken!);
        var afterReplay = await browser.RefreshAsync(second.RefreshToken!);

        refreshed.StatusCode.Should().Be(HttpStatusCode.OK);
        second.RefreshToken.Should().NotBe(first.RefreshToken);
        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        afterReplay.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a replayed refresh token ends the whole sign-in");
    }

    [DatabaseFact]
    public async Task A_locked_account_gets_no_new_tokens_from_its_refresh_token()
    {
        var userName = await factory.CreateUser("Guide");
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync(userName);
        await LockOut(userName);

        var refreshed = await browser.RefreshAsync(tokens.RefreshToken!);

        refreshed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refreshed.Json()).GetProperty("error").GetString().Should().Be("invalid_grant");
    }

    [DatabaseFact]
    public async Task Signing_out_ends_the_session_and_returns_to_the_web_app()
    {
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync("guide1.aarhus");

        var signOut = await browser.Http.GetAsync(
            $"/connect/endsession?id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(OidcBrowser.PostLogoutRedirectUri)}&state=bye");
        var (_, challenge) = OidcBrowser.NewPkce();
        var next = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));

        signOut.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signOut.Headers.Location!.GetLeftPart(UriPartial.Path).Should().Be(OidcBrowser.PostLogoutRedirectUri);
        next.Headers.Location!.OriginalString.Should().StartWith("/account/signin", "the session is gone");
    }

    [DatabaseFact]
    public async Task A_signed_in_browser_gets_a_code_without_the_form_and_prompt_none_without_a_session_is_refused()
    {
        var browser = new OidcBrowser(factory);
        await browser.SignInAsync("guide1.aarhus");
        var (_, challenge) = OidcBrowser.NewPkce();

        var again = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var stranger = await new OidcBrowser(factory).Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge, extra: "prompt=none"));

        OidcBrowser.CodeFrom(again).Should().NotBeNullOrEmpty();
        stranger.Headers.Location!.Query.Should().Contain("error=login_required");
    }

    private static string Normalise(string html, string userName) =>
        System.Text.RegularExpressions.Regex.Replace(html.Replace(userName, "USER", StringComparison.Ordinal), "value=\"[^\"]{40,}\"", "value=\"TOKEN\"");

    private Task<bool> LockOut(string userName) => factory.WithDatabase(async db =>
    {
        var user = db.Users.Single(u => u.UserName == userName);
        user.LockoutEnd = DateTimeOffset.UtcNow.AddYears(1);
        await db.SaveChangesAsync();
        return true;
    });
}
