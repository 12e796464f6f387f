using System.Net;
using System.Text.RegularExpressions;

namespace LinkWorker.PageBench;

/// <summary>
/// Cookies and redirects as Chromium handles them on loopback: it treats http://127.0.0.1 as a secure context, so
/// the sign-in's Secure correlation and nonce cookies come back to /signin-oidc. HttpClient's own cookie handling
/// would drop them over plain http; this handler stores every cookie without its Secure flag and follows redirects.
/// </summary>
internal sealed partial class BrowserHandler : DelegatingHandler
{
    private const int MaxRedirects = 10;

    public BrowserHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public CookieContainer Cookies { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("A request without an address.");
            request.Headers.Remove("Cookie");
            if (Cookies.GetCookieHeader(uri) is { Length: > 0 } cookie)
            {
                request.Headers.TryAddWithoutValidation("Cookie", cookie);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    Cookies.SetCookies(uri, SecureFlag().Replace(setCookie, ""));
                }
            }

            if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect)
                || response.Headers.Location is not { } location || redirects >= MaxRedirects)
            {
                return response;
            }

            // A redirect after a form post is a GET, as a browser does it.
            var next = new HttpRequestMessage(HttpMethod.Get, new Uri(uri, location));
            foreach (var header in request.Headers.Where(h => h.Key is "Accept" or "Accept-Language"))
            {
                next.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Dispose();
            request = next;
        }
    }

    [GeneratedRegex(@";\s*secure(?=;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex SecureFlag();
}
