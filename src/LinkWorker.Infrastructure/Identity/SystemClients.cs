using System.Security.Claims;
using System.Text.Json;
using LinkWorker.Application.Common.Security;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The identity a system client's token carries (client credentials): the client as a referrer of its
/// organisation — <c>sub</c> is the client's id, <c>role</c> Referrer, plus <c>municipality</c>, <c>organisation</c>
/// and <c>system</c> (the client id), so the referrer views work for it as for a person.
/// </summary>
public sealed class SystemClients(IOpenIddictApplicationManager applications, IOptions<AuthenticationSettings> settings)
{
    public const string SystemClaim = "system";

    /// <summary>The principal for a client credentials token, or null when the client is not a (usable) system client.</summary>
    public async Task<ClaimsPrincipal?> PrincipalForAsync(string clientId, IEnumerable<string> requestedScopes, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return null;
        }

        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (!properties.TryGetValue(OpenIdClientRegistry.OrganisationProperty, out var organisation)
            || !properties.TryGetValue(OpenIdClientRegistry.MunicipalityProperty, out var municipality)
            || (properties.TryGetValue(OpenIdClientRegistry.DisabledProperty, out var disabled) && disabled.ValueKind == JsonValueKind.True))
        {
            return null;
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, await applications.GetIdAsync(application, cancellationToken))
            .SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, cancellationToken))
            .SetClaim(Claims.Role, Roles.Referrer)
            .SetClaim(ClaimNames.Municipality, municipality.GetString())
            .SetClaim(ClaimNames.Organisation, organisation.GetGuid().ToString())
            .SetClaim(SystemClaim, clientId);
        identity.SetDestinations(claim => claim.Type.StartsWith("oi_", StringComparison.Ordinal) ? [] : [Destinations.AccessToken]);

        var principal = new ClaimsPrincipal(identity);
        principal.SetScopes(requestedScopes.Where(scope => scope == AuthenticationSettings.ApiScope));
        principal.SetResources(settings.Value.Audience);
        return principal;
    }
}
