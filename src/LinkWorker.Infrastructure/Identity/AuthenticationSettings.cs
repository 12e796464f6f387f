namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The "Authentication" section. Without an Authority the API issues and validates its own tokens (embedded
/// mode); with one, it validates the municipality's OpenID Connect provider's tokens instead.
/// </summary>
public sealed class AuthenticationSettings
{
    public const string Section = "Authentication";

    /// <summary>The web app's client id at the embedded OpenID Connect server (public client, code + PKCE).</summary>
    public const string WebClientId = "linkworker-web";

    /// <summary>The scope that asks for an access token to this API.</summary>
    public const string ApiScope = "api";

    /// <summary>The external OpenID Connect provider, e.g. https://login.kommune.dk/realms/staff.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the external tokens are issued for.</summary>
    public string Audience { get; set; } = "linkworker-api";

    public string RoleClaim { get; set; } = "role";

    public string MunicipalityClaim { get; set; } = "municipality";

    public string OrganisationClaim { get; set; } = "organisation";

    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// The embedded server's issuer URI (https://linkworker.kommune.dk/). Empty: the address the request came to,
    /// which suits a laptop; set it behind a reverse proxy so every node names the same issuer.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>Origins of the web app (scheme://host:port); each gets {origin}/signin-oidc and {origin}/signout-callback-oidc.</summary>
    public string[] WebOrigins { get; set; } = ["http://localhost:5090", "https://localhost:7090"];

    /// <summary>
    /// Keeps the password flow (POST /api/auth/token) outside demo mode; OAuth 2.1 drops it (ADR 0013).
    /// Null: on in demo mode, off otherwise.
    /// </summary>
    public bool? PasswordFlow { get; set; }

    /// <summary>Lets the embedded server answer over plain HTTP (a laptop, or TLS ended at a proxy). Null: only in demo mode.</summary>
    public bool? AllowHttp { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    public bool IsExternal => !string.IsNullOrWhiteSpace(Authority);
}
