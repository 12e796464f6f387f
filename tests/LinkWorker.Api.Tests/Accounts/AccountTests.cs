using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LinkWorker.Api.Tests.Accounts;

public sealed class AccountTests_Sqlite(SqliteApiFactory factory) : AccountTests<SqliteApiFactory>(factory);

public sealed class AccountTests_Postgres(PostgresApiFactory factory) : AccountTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// Account administration over HTTP (issue 12 point 5, ADR 0019): create → first sign-in with a one-time password,
/// roles, lock and unlock, forced reset, own password change, municipality scope, and tokens that stop working
/// when revoked or when the account is locked.
/// </summary>
public abstract class AccountTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string NewPassword = "Tusind-Fugle-Over-9";

    [DatabaseFact]
    public async Task A_created_account_signs_in_with_its_one_time_password_and_must_choose_its_own_first()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var userName = $"guide.{Guid.NewGuid():N}"[..20];
        var body = new { userName, displayName = "Ny Guide", email = "ny.guide@aarhus.dk", roles = new[] { "Guide" } };

        var created = await Post(admin, "/api/admin/accounts", body, idempotencyKey: $"create-{userName}");
        var replayed = await Post(admin, "/api/admin/accounts", body, idempotencyKey: $"create-{userName}");
        var account = await created.Json();
        var id = account.GetProperty("id").GetGuid();
        var oneTime = account.GetProperty("initialPassword").GetString()!;

        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        replayed.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await replayed.Json()).GetProperty("id").GetGuid().Should().Be(id, "a retried create makes nothing twice");
        account.GetProperty("account").GetProperty("mustChangePassword").GetBoolean().Should().BeTrue();
        (await factory.WithDatabase(db => db.Guides.IgnoreQueryFilters().SingleAsync(g => g.Id == id))).IsActive.Should().BeTrue("routing needs the guide record");
        (await PasswordFlow(userName, oneTime)).Should().Be(HttpStatusCode.Unauthorized, "a one-time password opens only the sign-in page's new-password step");

        var browser = new OidcBrowser(factory);
        var (verifier, challenge) = OidcBrowser.NewPkce();
        var page = await PasswordStep(browser, userName, oneTime, challenge);
        page.Should().Contain("name=\"newPassword\"").And.Contain("autocomplete=\"new-password\"");
        var common = await PostPassword(browser, page, oneTime, "Sommer2026!");
        var commonPage = await common.Content.ReadAsStringAsync();
        commonPage.Should().Contain("id=\"newPassword-error\"").And.Contain("aria-describedby=\"newPassword-error\"");
        var chosen = await PostPassword(browser, commonPage, oneTime, NewPassword);
        chosen.StatusCode.Should().Be(HttpStatusCode.Redirect, await chosen.Content.ReadAsStringAsync());
        var code = OidcBrowser.CodeFrom(await browser.Http.GetAsync(chosen.Headers.Location));
        var tokens = (await (await browser.ExchangeAsync(code, verifier)).Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!;

        var me = await (await Bearer(tokens.AccessToken).GetAsync("/api/me")).Json();
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Guide");
        (await PasswordFlow(userName, NewPassword)).Should().Be(HttpStatusCode.OK);
        (await PasswordFlow(userName, oneTime)).Should().Be(HttpStatusCode.Unauthorized);
        (await AuditCount(id)).Should().BeGreaterThanOrEqualTo(2, "the creation and the password change are audited");
        (await factory.WithDatabase(db => db.AuditEntries.AnyAsync(a => a.Action.Contains("Password") && a.EntityId == id))).Should().BeTrue();
        factory.Logs.Lines.Should().NotContain(m => m.Contains(oneTime, StringComparison.Ordinal) || m.Contains(NewPassword, StringComparison.Ordinal));
    }

    [DatabaseFact]
    public async Task Bad_input_names_each_field()
    {
        var admin = await factory.ClientFor("admin.aarhus");

        var bad = await Post(admin, "/api/admin/accounts", new { userName = "Has Space", displayName = "", email = "not-an-address", roles = new[] { "Wizard" } });
        var referrer = await Post(admin, "/api/admin/accounts", new { userName = "referrer.x", displayName = "R", roles = new[] { "Referrer", "Guide" } });
        var taken = await Post(admin, "/api/admin/accounts", new { userName = "guide1.aarhus", displayName = "Dublet", roles = new[] { "Coordinator" } });

        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Errors(bad)).Should().Contain(["userName", "displayName", "email", "roles"]);
        (await Errors(referrer)).Should().Contain(["roles", "organisationId"]);
        taken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Errors(taken)).Should().Contain("userName");
    }

    [DatabaseFact]
    public async Task Coordinators_and_guides_get_403()
    {
        foreach (var user in new[] { "coordinator.aarhus", "guide1.aarhus", "directory.aarhus" })
        {
            var client = await factory.ClientFor(user);
            (await client.GetAsync("/api/admin/accounts")).StatusCode.Should().Be(HttpStatusCode.Forbidden, user);
            (await Post(client, "/api/admin/accounts", new { userName = "x.y.z", displayName = "X", roles = new[] { "Guide" } }))
                .StatusCode.Should().Be(HttpStatusCode.Forbidden, user);
        }
    }

    [DatabaseFact]
    public async Task An_Odsherred_administrator_never_sees_Aarhus_accounts()
    {
        var admin = await factory.ClientFor("admin.odsherred");
        var aarhus = await factory.WithDatabase(db => db.Users.Where(u => u.MunicipalityCode == "0751").Select(u => u.Id).ToListAsync());
        var odsherred = await factory.WithDatabase(db => db.Users.Where(u => u.MunicipalityCode == "0306").Select(u => u.Id).ToListAsync());

        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await (await admin.GetAsync($"/api/admin/accounts?pageSize=3{(cursor is null ? "" : $"&cursor={cursor}")}")).Json();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        seen.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(odsherred).And.NotIntersectWith(aarhus);
        (await admin.GetAsync($"/api/admin/accounts/{aarhus[0]}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/admin/accounts/{aarhus[0]}/lock", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/admin/accounts?cursor=garbled")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [DatabaseFact]
    public async Task A_role_change_takes_effect_at_once_and_an_administrator_keeps_their_own()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var userName = await factory.CreateUser("Coordinator");
        var id = await IdOf(userName);
        var before = await new OidcBrowser(factory).SignInAsync(userName);
        var adminId = await IdOf("admin.aarhus");

        var changed = await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/roles", new { roles = new[] { "Guide" } });
        var oldToken = await Bearer(before.AccessToken).GetAsync("/api/me");
        var after = await new OidcBrowser(factory).SignInAsync(userName);
        var own = await admin.PutAsJsonAsync($"/api/admin/accounts/{adminId}/roles", new { roles = new[] { "Coordinator" } });

        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Json()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Guide");
        oldToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the old token carried the old role");
        OidcBrowser.Payload(after.AccessToken).GetProperty("role").GetString().Should().Be("Guide");
        (await factory.WithDatabase(db => db.Guides.IgnoreQueryFilters().AnyAsync(g => g.Id == id))).Should().BeTrue();
        own.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Errors(own)).Should().Contain("userId");
        (await admin.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_locked_account_is_refused_like_an_unknown_user_and_its_tokens_stop_working_until_unlocked()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var userName = await factory.CreateUser("Guide");
        var id = await IdOf(userName);
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync(userName);
        var passwordToken = await PasswordFlowToken(userName, LinkWorkerApiFactory.DemoPassword);

        var locked = await admin.PostAsync($"/api/admin/accounts/{id}/lock", null);
        var lockedPage = await SignInPage(userName, LinkWorkerApiFactory.DemoPassword);
        var unknownPage = await SignInPage("nobody.at.all", LinkWorkerApiFactory.DemoPassword);

        locked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await locked.Json()).GetProperty("locked").GetBoolean().Should().BeTrue();
        (await Bearer(tokens.AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Bearer(passwordToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await browser.RefreshAsync(tokens.RefreshToken!)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        lockedPage.Status.Should().Be(unknownPage.Status);
        Alert(lockedPage.Html).Should().Be(Alert(unknownPage.Html)).And.NotBeEmpty();

        var self = await admin.PostAsync($"/api/admin/accounts/{await IdOf("admin.aarhus")}/lock", null);
        self.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Errors(self)).Should().Contain("userId");

        var unlocked = await admin.PostAsync($"/api/admin/accounts/{id}/unlock", null);
        unlocked.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Bearer((await new OidcBrowser(factory).SignInAsync(userName)).AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await AuditCount(id)).Should().BeGreaterThanOrEqualTo(2);
    }

    [DatabaseFact]
    public async Task A_forced_reset_replaces_the_password_by_a_one_time_password_to_change_at_the_next_sign_in()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var userName = await factory.CreateUser("Coordinator");
        var id = await IdOf(userName);
        var token = await PasswordFlowToken(userName, LinkWorkerApiFactory.DemoPassword);

        var reset = await admin.PostAsync($"/api/admin/accounts/{id}/reset-password", null);
        var oneTime = (await reset.Json()).GetProperty("oneTimePassword").GetString()!;

        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        (await PasswordFlow(userName, LinkWorkerApiFactory.DemoPassword)).Should().Be(HttpStatusCode.Unauthorized, "the old password stops working");
        (await Bearer(token).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "a forced reset revokes OpenID Connect tokens; this password-flow token has none and the account is not locked");
        var page = await PasswordStep(new OidcBrowser(factory), userName, oneTime, OidcBrowser.NewPkce().Challenge);
        page.Should().Contain("name=\"newPassword\"");
        (await factory.WithDatabase(db => db.Users.SingleAsync(u => u.Id == id))).MustChangePassword.Should().BeTrue();
        (await AuditCount(id)).Should().Be(1);
    }

    [DatabaseFact]
    public async Task A_person_changes_their_own_password_and_wrong_weak_or_common_ones_are_refused_by_field()
    {
        var userName = await factory.CreateUser("Referrer");
        var client = Bearer(await PasswordFlowToken(userName, LinkWorkerApiFactory.DemoPassword));

        var wrong = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = "Not-The-One-1", newPassword = NewPassword });
        var weak = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = LinkWorkerApiFactory.DemoPassword, newPassword = "short" });
        var common = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = LinkWorkerApiFactory.DemoPassword, newPassword = "P@ssw0rd2026!" });
        var changed = await client.PostAsJsonAsync("/api/me/password", new { currentPassword = LinkWorkerApiFactory.DemoPassword, newPassword = NewPassword });

        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Errors(wrong)).Should().Equal("currentPassword");
        (await Errors(weak)).Should().Equal("newPassword");
        (await Errors(common)).Should().Equal("newPassword");
        changed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await PasswordFlow(userName, NewPassword)).Should().Be(HttpStatusCode.OK);
        (await PasswordFlow(userName, LinkWorkerApiFactory.DemoPassword)).Should().Be(HttpStatusCode.Unauthorized);
        (await AuditCount(await IdOf(userName))).Should().Be(1);
    }

    [DatabaseFact]
    public async Task The_own_password_page_needs_a_session_and_changes_the_password()
    {
        var userName = await factory.CreateUser("Referrer");
        var browser = new OidcBrowser(factory);
        await browser.SignInAsync(userName);

        var anonymous = await new OidcBrowser(factory).Http.GetAsync("/account/password");
        var page = await (await browser.Http.GetAsync("/account/password")).Content.ReadAsStringAsync();
        var mismatch = await browser.PostForm(page, "/account/password", new Dictionary<string, string>
        {
            ["currentPassword"] = LinkWorkerApiFactory.DemoPassword,
            ["newPassword"] = NewPassword,
            ["confirmPassword"] = NewPassword + "x",
        });
        var done = await PostPassword(browser, await mismatch.Content.ReadAsStringAsync(), LinkWorkerApiFactory.DemoPassword, NewPassword);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.OriginalString.Should().StartWith("/account/signin");
        page.Should().Contain("<html lang=\"da\">").And.Contain("autocomplete=\"current-password\"");
        (await mismatch.Content.ReadAsStringAsync()).Should().Contain("id=\"confirmPassword-error\"");
        done.StatusCode.Should().Be(HttpStatusCode.OK);
        (await PasswordFlow(userName, NewPassword)).Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_revoked_access_token_is_refused_before_it_expires_and_so_is_a_replayed_refresh_tokens_family()
    {
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync(await factory.CreateUser("Guide"));
        OidcBrowser.Payload(tokens.AccessToken).TryGetProperty("oi_tkn_id", out _).Should().BeTrue("the API looks the token's entry up");
        (await Bearer(tokens.AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var revoke = await browser.Http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
            ["token_type_hint"] = "access_token",
            ["client_id"] = OidcBrowser.ClientId,
        }));

        revoke.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Bearer(tokens.AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var second = await new OidcBrowser(factory).SignInAsync(await factory.CreateUser("Coordinator"));
        var rotated = (await (await browser.RefreshAsync(second.RefreshToken!)).Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!;
        (await Bearer(rotated.AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await browser.RefreshAsync(second.RefreshToken!)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "reuse");
        (await Bearer(rotated.AccessToken).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "reuse revokes the whole family, access tokens too");
    }

    [DatabaseFact]
    public async Task A_token_revoked_on_one_node_is_refused_by_another()
    {
        await using var other = factory.NodeOnSameDatabase();
        var browser = new OidcBrowser(factory);
        var tokens = await browser.SignInAsync(await factory.CreateUser("Guide"));
        var onOther = other.CreateClient();
        onOther.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        (await onOther.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        await browser.Http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
            ["token_type_hint"] = "access_token",
            ["client_id"] = OidcBrowser.ClientId,
        }));

        (await onOther.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<string> PasswordStep(OidcBrowser browser, string userName, string password, string challenge)
    {
        var redirect = await browser.Http.GetAsync(OidcBrowser.AuthorizeUrl(challenge));
        var form = await (await browser.Http.GetAsync(redirect.Headers.Location)).Content.ReadAsStringAsync();
        var posted = await browser.PostSignInForm(form, userName, password);
        posted.StatusCode.Should().Be(HttpStatusCode.OK);
        return await posted.Content.ReadAsStringAsync();
    }

    private static Task<HttpResponseMessage> PostPassword(OidcBrowser browser, string page, string current, string next) =>
        browser.PostForm(page, "/account/password", new Dictionary<string, string>
        {
            ["currentPassword"] = current,
            ["newPassword"] = next,
            ["confirmPassword"] = next,
        });

    private async Task<(HttpStatusCode Status, string Html)> SignInPage(string userName, string password)
    {
        var browser = new OidcBrowser(factory);
        var form = await (await browser.Http.GetAsync("/account/signin?returnUrl=%2Fswagger")).Content.ReadAsStringAsync();
        var posted = await browser.PostSignInForm(form, userName, password);
        return (posted.StatusCode, await posted.Content.ReadAsStringAsync());
    }

    private static string Alert(string html)
    {
        var start = html.IndexOf("role=\"alert\"", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];
    }

    private async Task<HttpStatusCode> PasswordFlow(string userName, string password) =>
        (await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password })).StatusCode;

    private async Task<string> PasswordFlowToken(string userName, string password)
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LinkWorkerApiFactory.TokenResponse>())!.AccessToken;
    }

    private HttpClient Bearer(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    private static async Task<IReadOnlyList<string>> Errors(HttpResponseMessage response) =>
        [.. (await response.Json()).GetProperty("errors").EnumerateObject().Select(p => p.Name)];

    private Task<Guid> IdOf(string userName) => factory.WithDatabase(db => db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync());

    private Task<int> AuditCount(Guid id) => factory.WithDatabase(db => db.AuditEntries.CountAsync(a => a.EntityType == "Account" && a.EntityId == id));
}
