using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Api.Tests.Support;

/// <summary>
/// The web app's side of the authorization code flow with PKCE, driven over HTTP without a browser: it follows
/// the redirects, reads and posts the sign-in form (antiforgery token included) and exchanges the code.
/// </summary>
public sealed partial class OidcBrowser(LinkWorkerApiFactory factory)
{
    public const string ClientId = "linkworker-web";
    public const string RedirectUri = "http://localhost:5090/signin-oidc";
    public const string PostLogoutRedirectUri = "http://localhost:5090/signout-callback-oidc";
    public const string Scopes = "openid profile roles offline_access api";

    /// <summary>Keeps cookies (session, antiforgery) like a browser; redirects are followed by hand.</summary>
    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string AuthorizeUrl(string challenge, string method = "S256", string state = "state-1", string? extra = null) =>
        "/connect/authorize?" + string.Join('&',
            $"client_id={ClientId}",
            "response_type=code",
            $"redirect_uri={Uri.EscapeDataString(RedirectUri)}",
            $"scope={Uri.EscapeDataString(Scopes)}",
            $"state={state}",
            "nonce=nonce-1",
            $"code_challenge={challenge}",
            $"code_challenge_method={method}") + (extra is null ? "" : "&" + extra);

    /// <summary>Signs in through the form and returns the authorization code the server redirects back with.</summary>
    public async Task<string> AuthorizeAsync(string userName, string password, string challenge)
    {
        var response = await Http.GetAsync(AuthorizeUrl(challenge));
        if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.StartsWith("/account/signin", StringComparison.Ordinal))
        {
            var page = await Http.GetAsync(response.Headers.Location);
            var posted = await PostSignInForm(await page.Content.ReadAsStringAsync(), userName, password);
            posted.StatusCode.Should().Be(HttpStatusCode.Redirect, "a right password leads back to the authorization endpoint");
            response = await Http.GetAsync(posted.Headers.Location);
        }

        return CodeFrom(response);
    }

    public static string CodeFrom(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).Should().Be(RedirectUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        query["state"].ToString().Should().Be("state-1");
        return query["code"].ToString();
    }

    /// <summary>Fills in and posts the sign-in form found in a page, as a browser would.</summary>
    public async Task<HttpResponseMessage> PostSignInForm(string html, string userName, string password)
    {
        var fields = HiddenFields().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["userName"] = userName;
        fields["password"] = password;
        return await Http.PostAsync("/account/signin", new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> ExchangeAsync(string code, string? verifier, string redirectUri = RedirectUri)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = ClientId,
        };
        if (verifier is not null)
        {
            form["code_verifier"] = verifier;
        }

        return await Http.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        await Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = ClientId,
        }));

    /// <summary>The whole flow: sign in, get a code, exchange it; returns the token response.</summary>
    public async Task<OidcTokens> SignInAsync(string userName, string password = LinkWorkerApiFactory.DemoPassword)
    {
        var (verifier, challenge) = NewPkce();
        var code = await AuthorizeAsync(userName, password, challenge);
        var response = await ExchangeAsync(code, verifier);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OidcTokens>(OidcTokens.Json))!;
    }

    /// <summary>The payload of a JWT, unverified (the server verifies; the test only reads).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement.Clone();

    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]+)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenFields();
}

public sealed record OidcTokens(string AccessToken, string? IdToken, string? RefreshToken, int ExpiresIn, string TokenType)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
