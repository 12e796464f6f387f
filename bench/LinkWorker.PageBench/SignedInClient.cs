using System.Net;
using System.Text.RegularExpressions;

namespace LinkWorker.PageBench;

/// <summary>
/// A browser without a browser: a cookie jar and redirects followed, signed in through the real code flow (the
/// page's challenge, /connect/authorize, the provider's sign-in form with its antiforgery token, /signin-oidc).
/// </summary>
internal sealed partial class SignedInClient : IDisposable
{
    private readonly BrowserHandler _handler;

    private SignedInClient(BrowserHandler handler, HttpClient client, string userName)
    {
        _handler = handler;
        Http = client;
        UserName = userName;
    }

    public HttpClient Http { get; }

    public string UserName { get; }

    /// <summary>The session's cookies, for a second client that must see the bytes as sent (no decompression).</summary>
    public CookieContainer Cookies => _handler.Cookies;

    public static async Task<SignedInClient> SignInAsync(Uri baseAddress, string userName, string password, CancellationToken cancellationToken)
    {
        // Decompression on: the timed requests read what a browser reads; page weight uses its own raw client.
        var handler = new BrowserHandler(new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
        });
        var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("da");
        var signedIn = new SignedInClient(handler, client, userName);
        try
        {
            // An anonymous page request is challenged: the provider's sign-in form.
            using var form = await client.GetAsync("/", cancellationToken);
            var html = await form.Content.ReadAsStringAsync(cancellationToken);
            var formUri = form.RequestMessage?.RequestUri;
            if (formUri is null || !formUri.AbsolutePath.Equals("/account/signin", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Expected the sign-in form, got {(int)form.StatusCode} at {formUri}.");
            }

            var fields = HiddenInputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
            fields["userName"] = userName;
            fields["password"] = password;
            using var post = await client.PostAsync(new Uri(formUri, "/account/signin"), new FormUrlEncodedContent(fields), cancellationToken);
            var landed = post.RequestMessage?.RequestUri;
            if (post.StatusCode != HttpStatusCode.OK || landed is null || landed.AbsolutePath.StartsWith("/account", StringComparison.Ordinal)
                || landed.AbsolutePath.StartsWith("/connect", StringComparison.Ordinal) || landed.AbsolutePath.StartsWith("/signin-oidc", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Sign-in as {userName} did not come back to the app: {(int)post.StatusCode} at {landed}.");
            }

            return signedIn;
        }
        catch
        {
            signedIn.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    // The sign-in form's hidden fields (antiforgery token, returnUrl), as the provider writes them.
    [GeneratedRegex("""<input type="hidden" name="(?<name>[^"]*)" value="(?<value>[^"]*)">""")]
    private static partial Regex HiddenInputs();
}
