using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>The clients registered at the embedded OpenID Connect server.</summary>
public sealed class OpenIdClients(IOpenIddictApplicationManager applications, IOptions<AuthenticationSettings> settings)
{
    /// <summary>
    /// Registers (or brings up to date) the web app: a public client, authorization code with PKCE, refresh tokens,
    /// redirect URIs from Authentication:WebOrigins. Nothing in external-provider mode.
    /// </summary>
    public async Task EnsureWebClientAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.IsExternal)
        {
            return;
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = AuthenticationSettings.WebClientId,
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = "LinkWorker",
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Roles,
                Permissions.Prefixes.Scope + AuthenticationSettings.ApiScope,
                Permissions.Prefixes.Resource + settings.Value.Audience,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var origin in settings.Value.WebOrigins)
        {
            var root = new Uri(origin.TrimEnd('/') + "/", UriKind.Absolute);
            descriptor.RedirectUris.Add(new Uri(root, "signin-oidc"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(root, "signout-callback-oidc"));
        }

        var existing = await applications.FindByClientIdAsync(AuthenticationSettings.WebClientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }
}
