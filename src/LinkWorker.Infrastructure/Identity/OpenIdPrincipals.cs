using System.Security.Claims;
using LinkWorker.Application.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The claims the embedded server puts in its tokens: the same as the password flow's access tokens (sub, name,
/// role, municipality, organisation), in the access token always and in the identity token for the web app.
/// </summary>
public sealed class OpenIdPrincipals(IOptions<AuthenticationSettings> settings)
{
    /// <summary>A new sign-in: the person's claims, the granted scopes and the API as the audience.</summary>
    public ClaimsPrincipal ForSignIn(SignedInAccount account, IEnumerable<string> grantedScopes)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(grantedScopes);
        principal.SetResources(settings.Value.Audience);
        return Refresh(principal, account);
    }

    /// <summary>The account's current claims on a principal taken from a code or refresh token (roles may have changed).</summary>
    public static ClaimsPrincipal Refresh(ClaimsPrincipal principal, SignedInAccount account)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.PreferredUsername, account.UserName)
            .SetClaim(ClaimNames.Municipality, account.MunicipalityCode)
            .SetClaim(ClaimNames.Organisation, account.OrganisationId?.ToString())
            .SetClaims(Claims.Role, [.. account.Roles]);
        identity.SetDestinations(Destinations);
        return principal;
    }

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        // Private claims of the server (oi_*) never leave it; everything of the person goes in both tokens.
        _ when claim.Type.StartsWith("oi_", StringComparison.Ordinal) => [],
        Claims.PreferredUsername => [OpenIddictConstants.Destinations.IdentityToken],
        _ => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
    };
}
