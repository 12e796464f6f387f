using Microsoft.AspNetCore.Identity;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>A staff account in the embedded identity store. Each user works in one municipality.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string MunicipalityCode { get; set; } = "";

    /// <summary>The referrer's organisation (its sector is reported with their referrals).</summary>
    public Guid? OrganisationId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>Set with a one-time password (new account, forced reset): the sign-in page asks for a new one first.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// When an administrator locked the account (ADR 0019); null when it is not locked. Unlike the lockout after
    /// wrong passwords it lasts until unlocked, and the API refuses the account's tokens while it is set.
    /// </summary>
    public DateTimeOffset? LockedAt { get; set; }

    /// <summary>The RFC 6238 time step of the last accepted authenticator code: a code is accepted once (§5.2).</summary>
    public long? LastTotpTimeStep { get; set; }
}

/// <summary>A refresh token, stored only as a SHA-256 hash. Rotated on every use; reuse revokes its family.</summary>
public sealed class RefreshToken
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    /// <summary>All tokens descended from one sign-in; a replayed old token revokes them all.</summary>
    public Guid FamilyId { get; set; }

    public string TokenHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// A key of the embedded OpenID Connect server (ADR 0013), kept in the database so restarts and nodes share it:
/// "sig" keys sign tokens, "enc" keys encrypt codes and refresh tokens. The newest active key of a use is used for
/// new tokens; every key not retired still validates (rotation without signing anybody out).
/// </summary>
public sealed class ServerKey
{
    public const string Signing = "sig";
    public const string Encryption = "enc";

    /// <summary>The key id ("kid"), published in the JWKS for signing keys.</summary>
    public string Id { get; set; } = "";

    public string Use { get; set; } = "";

    /// <summary>The RSA private key, PKCS#8, base64.</summary>
    public string KeyMaterial { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When set, the key no longer validates anything and leaves the JWKS.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
