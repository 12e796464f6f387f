using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Seeding;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The embedded OpenID Connect server (OpenIddict, ADR 0013): discovery, JWKS, authorization (code + PKCE S256),
/// token, end-session, revocation and introspection endpoints. Only in embedded mode; with an external Authority
/// the municipality's provider issues the tokens and none of this is registered.
/// </summary>
public static class OpenIdServer
{
    public const string AuthorizationPath = "/connect/authorize";
    public const string TokenPath = "/connect/token";
    public const string EndSessionPath = "/connect/endsession";
    public const string RevocationPath = "/connect/revoke";
    public const string IntrospectionPath = "/connect/introspect";
    public const string JwksPath = "/.well-known/jwks";
    public const string SignInPath = "/account/signin";

    /// <summary>The cookie that remembers, between the sign-in page and the authorization endpoint, who signed in.</summary>
    public const string SessionScheme = "LinkWorker.Session";

    internal static IServiceCollection AddOpenIdServer(this IServiceCollection services, IConfiguration configuration)
    {
        // Cookies and antiforgery tokens must read the same on every node: the keys live in the shared database.
        services.AddDataProtection().SetApplicationName("LinkWorker").PersistKeysToDbContext<LinkWorkerDbContext>();

        var openIddict = services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<LinkWorkerDbContext>().ReplaceDefaultEntities<Guid>());

        var settings = configuration.GetSection(AuthenticationSettings.Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();
        if (settings.IsExternal)
        {
            return services;
        }

        var demo = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>()?.Enabled ?? false;
        openIddict.AddServer(server =>
        {
            server.SetAuthorizationEndpointUris(AuthorizationPath)
                .SetTokenEndpointUris(TokenPath)
                .SetEndSessionEndpointUris(EndSessionPath)
                .SetRevocationEndpointUris(RevocationPath)
                .SetIntrospectionEndpointUris(IntrospectionPath)
                .SetJsonWebKeySetEndpointUris(JwksPath);

            server.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange()
                .AllowRefreshTokenFlow()
                .AllowClientCredentialsFlow();

            server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Roles, Scopes.OfflineAccess, AuthenticationSettings.ApiScope);
            server.RegisterClaims(Claims.Subject, Claims.Name, Claims.Role, ClaimNames.Municipality, ClaimNames.Organisation);

            // Access tokens stay plain signed JWTs, so the API (and anyone holding the JWKS) can validate them.
            server.DisableAccessTokenEncryption();
            server.SetAccessTokenLifetime(settings.AccessTokenLifetime)
                .SetRefreshTokenLifetime(settings.RefreshTokenLifetime)
                .SetAuthorizationCodeLifetime(TimeSpan.FromMinutes(2));

            // A redeemed refresh token presented again is reuse, not a network retry: it revokes the family at once.
            server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);

            if (!string.IsNullOrWhiteSpace(settings.Issuer))
            {
                server.SetIssuer(new Uri(settings.Issuer, UriKind.Absolute));
            }

            var aspNetCore = server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough();
            if (settings.AllowHttp ?? demo)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }
        });

        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerOptionsFromKeyStore>();
        return services;
    }

    /// <summary>The issuer the embedded server names for this request (the same rule OpenIddict applies).</summary>
    public static string IssuerFor(HttpContext context, AuthenticationSettings settings) =>
        !string.IsNullOrWhiteSpace(settings.Issuer)
            ? new Uri(settings.Issuer, UriKind.Absolute).AbsoluteUri
            : new Uri($"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/", UriKind.Absolute).AbsoluteUri;

    /// <summary>Gives OpenIddict the database's keys; runs when its options are first needed, after the initializer.</summary>
    private sealed class ServerOptionsFromKeyStore(ServerKeyStore keys) : IConfigureOptions<OpenIddictServerOptions>
    {
        public void Configure(OpenIddictServerOptions options)
        {
            foreach (var key in keys.SigningKeys)
            {
                options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
            }

            foreach (var key in keys.EncryptionKeys)
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
            }

            // Only S256: "plain" would let a stolen code be redeemed with the challenge itself.
            options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
        }
    }
}
