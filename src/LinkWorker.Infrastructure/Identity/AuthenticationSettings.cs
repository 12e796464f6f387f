namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The "Authentication" section. Without an Authority the API issues and validates its own tokens (embedded
/// mode); with one, it validates the municipality's OpenID Connect provider's tokens instead.
/// </summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    public const string EmbeddedIssuer = "linkworker";

    /// <summary>The external OpenID Connect provider, e.g. https://login.kommune.dk/realms/staff.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the external tokens are issued for.</summary>
    public string Audience { get; set; } = "linkworker-api";

    public string RoleClaim { get; set; } = "role";

    public string MunicipalityClaim { get; set; } = "municipality";

    public string OrganisationClaim { get; set; } = "organisation";

    public string NameClaim { get; set; } = "name";

    /// <summary>Base64 HMAC key (32+ bytes) for embedded mode; when empty one is generated and kept in the database.</summary>
    public string? SigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public bool IsExternal => !string.IsNullOrWhiteSpace(Authority);
}
