namespace LinkWorker.Application.Clients;

/// <summary>
/// Systems registered as OAuth clients of the embedded OpenID Connect server (ADR 0013): a GP clinic's system, a
/// home-care system, a job centre. Each belongs to one organisation; its tokens act as that organisation's referrer.
/// </summary>
public interface IClientRegistry
{
    /// <summary>Registers a client; with no public key it gets a secret, returned here once and stored only hashed.</summary>
    Task<ClientRegistration> RegisterAsync(NewClient client, CancellationToken cancellationToken);

    Task<ClientSummary?> FindAsync(string clientId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClientSummary>> ListAsync(string municipalityCode, CancellationToken cancellationToken);

    /// <summary>A new secret (returned once); the old one stops working at once.</summary>
    Task<string> RotateSecretAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>No new tokens, and the tokens it holds are revoked.</summary>
    Task DisableAsync(string clientId, CancellationToken cancellationToken);
}

/// <param name="PublicJwk">An RSA or EC public key (JWK JSON) for private_key_jwt; null for a client secret.</param>
public sealed record NewClient(string DisplayName, Guid OrganisationId, string MunicipalityCode, string? PublicJwk);

public sealed record ClientRegistration(Guid Id, string ClientId, string? ClientSecret);

public sealed record ClientSummary(
    Guid Id, string ClientId, string DisplayName, Guid OrganisationId, string MunicipalityCode, ClientAuthentication Authentication, bool Disabled);

public enum ClientAuthentication
{
    ClientSecret,
    PrivateKeyJwt,
}

/// <summary>A public key the registry could not use (not a JWK, a private key, an unsupported type).</summary>
public sealed class InvalidClientKeyException(string message) : Exception(message);
