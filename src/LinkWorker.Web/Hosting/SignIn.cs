using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Hosting;

/// <summary>
/// The OpenID Connect client of the web app: the code flow with PKCE against the embedded provider (this same
/// process) or, when <c>Authentication:Authority</c> is set, the municipality's provider.
/// </summary>
internal static class SignIn
{
    public const string ClientId = "linkworker-web";

    public static void Configure(OpenIdConnectOptions options, IConfiguration configuration, IServiceProvider services)
    {
        var external = configuration["Authentication:Authority"];
        var isExternal = !string.IsNullOrWhiteSpace(external);
        options.Authority = isExternal ? external : EmbeddedAuthority(configuration, services);
        options.ClientId = configuration["Web:ClientId"] is { Length: > 0 } id ? id : ClientId;
        options.ClientSecret = configuration["Web:ClientSecret"] is { Length: > 0 } secret ? secret : null;
        options.ResponseType = "code";
        options.ResponseMode = "query";
        options.UsePkce = true;
        options.SignInScheme = WebApp.CookieScheme;
        options.SignOutScheme = WebApp.CookieScheme;
        options.CallbackPath = "/signin-oidc";
        options.SignedOutCallbackPath = "/signout-callback-oidc";
        options.SignedOutRedirectUri = "/signed-out";
        options.MapInboundClaims = false;
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.RequireHttpsMetadata = isExternal && !configuration.GetValue("Web:AllowHttpAuthority", false);
        options.Scope.Clear();
        foreach (var scope in (configuration["Web:Scopes"] is { Length: > 0 } scopes ? scopes : "openid profile roles").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            options.Scope.Add(scope);
        }

        options.TokenValidationParameters.NameClaimType = isExternal ? configuration["Authentication:NameClaim"] ?? "name" : "name";
        options.TokenValidationParameters.RoleClaimType = isExternal ? configuration["Authentication:RoleClaim"] ?? "role" : "role";
    }

    /// <summary>There is an identity-provider session to end: the provider's own sign-out page.</summary>
    public static bool HasEndSession(HttpContext context) => context.RequestServices.GetService<IConfiguration>() is { } configuration
        && !configuration.GetValue("Web:SkipProviderSignOut", false);

    // The embedded provider names the address it is reached at as its issuer unless Authentication:Issuer says
    // otherwise; the sign-in then talks to this same server at its first listening address.
    private static string EmbeddedAuthority(IConfiguration configuration, IServiceProvider services)
    {
        if (configuration["Authentication:Issuer"] is { Length: > 0 } issuer)
        {
            return issuer;
        }

        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5080";
        return address.Replace("://+:", "://localhost:", StringComparison.Ordinal)
            .Replace("://*:", "://localhost:", StringComparison.Ordinal)
            .Replace("://0.0.0.0:", "://localhost:", StringComparison.Ordinal)
            .Replace("://[::]:", "://localhost:", StringComparison.Ordinal) + "/";
    }
}
