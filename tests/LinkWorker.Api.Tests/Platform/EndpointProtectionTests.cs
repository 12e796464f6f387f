using System.Net;
using LinkWorker.Api.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Platform;

/// <summary>Walks every mapped endpoint: each one refuses an anonymous caller unless it is on the allow-list.</summary>
public sealed class EndpointProtectionTests(SqliteApiFactory factory) : IClassFixture<SqliteApiFactory>
{
    private static readonly string[] AnonymousAllowList =
    [
        "POST /api/auth/token",
        "POST /api/auth/refresh",
        "GET /health/live",
        "GET /health/ready",
        "GET /openapi/{documentName}.json",
        // The embedded OpenID Connect server (ADR 0013): its own protocol decides who may do what.
        "GET /connect/authorize",
        "POST /connect/authorize",
        "POST /connect/token",
        "GET /connect/endsession",
        "POST /connect/endsession",
        "GET /account/signin",
        "POST /account/signin",
        "GET /account/signedout",
        "POST /account/mfa",
        // The password page checks the sign-in session (or the one-time password's pending step) itself (ADR 0019).
        "GET /account/password",
        "POST /account/password",
        // The web app (ADR 0017): the language switch and the signed-out page; its styles and scripts (below).
        "POST /language",
        "GET /signed-out",
        "POST /signed-out",
        // FHIR's CapabilityStatement (ADR 0024): what the endpoint supports, public like the OpenID discovery document.
        "GET /fhir/metadata",
    ];

    // The web app's static files (DKFDS, its stylesheet and script) under /_content/: public by nature.
    private static bool IsStaticAsset(string pattern) => pattern.StartsWith("/_content/LinkWorker.Web/", StringComparison.Ordinal);

    [Fact]
    public async Task Every_endpoint_refuses_an_anonymous_caller_unless_allow_listed()
    {
        var endpoints = Endpoints();
        endpoints.Should().HaveCountGreaterThan(AnonymousAllowList.Length, "the walk must see the real routes");
        var client = factory.CreateClient();

        foreach (var (method, pattern, _) in endpoints.Where(e => !AnonymousAllowList.Contains($"{e.Method} {e.Pattern}") && !IsStaticAsset(e.Pattern)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"{method} {pattern} must need a token");
        }
    }

    [Fact]
    public void Only_allow_listed_endpoints_permit_anonymous_callers()
    {
        var anonymous = Endpoints().Where(e => e.AllowsAnonymous && !IsStaticAsset(e.Pattern)).Select(e => $"{e.Method} {e.Pattern}");

        anonymous.Should().BeSubsetOf(AnonymousAllowList);
    }

    private List<(string Method, string Pattern, bool AllowsAnonymous)> Endpoints()
    {
        _ = factory.CreateClient(); // builds the host
        return factory.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
                (method, "/" + e.RoutePattern.RawText!.TrimStart('/'), e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();
    }

    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", Guid.Empty.ToString());
}
