using System.Security.Cryptography;
using System.Text.Json;
using LinkWorker.Application.Clients;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// System clients as OpenIddict applications: confidential, client credentials only, with the organisation and the
/// municipality in the application's properties. OpenIddict stores the secret hashed (PBKDF2) and never returns it.
/// </summary>
public sealed class OpenIdClientRegistry(
    IOpenIddictApplicationManager applications,
    IOpenIddictTokenManager tokens,
    IOptions<AuthenticationSettings> settings) : IClientRegistry
{
    public const string OrganisationProperty = "organisation";
    public const string MunicipalityProperty = "municipality";
    public const string DisabledProperty = "disabled";

    public async Task<ClientRegistration> RegisterAsync(NewClient client, CancellationToken cancellationToken)
    {
        var clientId = $"sys-{client.MunicipalityCode}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant()}";
        var (descriptor, secret) = Describe(clientId, client);
        var application = await applications.CreateAsync(descriptor, cancellationToken);
        return new ClientRegistration(Guid.Parse((await applications.GetIdAsync(application, cancellationToken))!), clientId, secret);
    }

    /// <summary>Registers a client with a chosen id and secret (demo mode), or brings it up to date.</summary>
    public async Task EnsureAsync(string clientId, string secret, NewClient client, CancellationToken cancellationToken)
    {
        var (descriptor, _) = Describe(clientId, client, secret);
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    public async Task<ClientSummary?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null ? null : await Summarise(application, cancellationToken);
    }

    public async Task<IReadOnlyList<ClientSummary>> ListAsync(string municipalityCode, CancellationToken cancellationToken)
    {
        var list = new List<ClientSummary>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await Summarise(application, cancellationToken) is { } summary && summary.MunicipalityCode == municipalityCode)
            {
                list.Add(summary);
            }
        }

        return [.. list.OrderBy(c => c.DisplayName, StringComparer.CurrentCulture)];
    }

    public async Task<string> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException("The client is gone.");
        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.ClientSecret = secret;
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        return secret;
    }

    public async Task DisableAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException("The client is gone.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        descriptor.Properties[DisabledProperty] = JsonSerializer.SerializeToElement(true);
        descriptor.Permissions.Clear();
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        await tokens.RevokeByApplicationIdAsync((await applications.GetIdAsync(application, cancellationToken))!, cancellationToken);
    }

    private (OpenIddictApplicationDescriptor Descriptor, string? Secret) Describe(string clientId, NewClient client, string? chosenSecret = null)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientType = ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            DisplayName = client.DisplayName,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Introspection,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials,
                Permissions.Prefixes.Scope + AuthenticationSettings.ApiScope,
                Permissions.Prefixes.Resource + settings.Value.Audience,
            },
        };
        descriptor.Properties[OrganisationProperty] = JsonSerializer.SerializeToElement(client.OrganisationId);
        descriptor.Properties[MunicipalityProperty] = JsonSerializer.SerializeToElement(client.MunicipalityCode);

        if (client.PublicJwk is null)
        {
            descriptor.ClientSecret = chosenSecret ?? NewSecret();
            return (descriptor, descriptor.ClientSecret);
        }

        descriptor.JsonWebKeySet = new JsonWebKeySet { Keys = { PublicKey(client.PublicJwk) } };
        return (descriptor, null);
    }

    private static JsonWebKey PublicKey(string json)
    {
        JsonWebKey key;
        try
        {
            key = new JsonWebKey(json);
        }
        catch (ArgumentException)
        {
            throw new InvalidClientKeyException("Not a JSON Web Key.");
        }

        if (key.Kty is not (JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve))
        {
            throw new InvalidClientKeyException("Only RSA and EC keys are accepted.");
        }

        if (key.HasPrivateKey || !string.IsNullOrEmpty(key.D))
        {
            throw new InvalidClientKeyException("Send the public key only; the private key never leaves the system.");
        }

        if (key.Kty == JsonWebAlgorithmsKeyTypes.RSA && (string.IsNullOrEmpty(key.N) || string.IsNullOrEmpty(key.E)))
        {
            throw new InvalidClientKeyException("An RSA key needs 'n' and 'e'.");
        }

        if (key.Kty == JsonWebAlgorithmsKeyTypes.EllipticCurve && (string.IsNullOrEmpty(key.X) || string.IsNullOrEmpty(key.Y) || string.IsNullOrEmpty(key.Crv)))
        {
            throw new InvalidClientKeyException("An EC key needs 'crv', 'x' and 'y'.");
        }

        key.Use ??= JsonWebKeyUseNames.Sig;
        return key;
    }

    private async Task<ClientSummary?> Summarise(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        if (!properties.TryGetValue(OrganisationProperty, out var organisation) || !properties.TryGetValue(MunicipalityProperty, out var municipality))
        {
            return null; // The web app and other non-system clients.
        }

        var disabled = properties.TryGetValue(DisabledProperty, out var flag) && flag.ValueKind == JsonValueKind.True;
        var keys = await applications.GetJsonWebKeySetAsync(application, cancellationToken);
        return new ClientSummary(
            Guid.Parse((await applications.GetIdAsync(application, cancellationToken))!),
            (await applications.GetClientIdAsync(application, cancellationToken))!,
            await applications.GetDisplayNameAsync(application, cancellationToken) ?? "",
            organisation.GetGuid(),
            municipality.GetString()!,
            keys is { Keys.Count: > 0 } ? ClientAuthentication.PrivateKeyJwt : ClientAuthentication.ClientSecret,
            disabled);
    }

    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
