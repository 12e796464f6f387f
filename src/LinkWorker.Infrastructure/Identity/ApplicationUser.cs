using Microsoft.AspNetCore.Identity;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>A staff account in the embedded identity store. Each user works in one municipality.</summary>
public sealed class ApplicationUser : IdentityUser<Guid>
{
    public string MunicipalityCode { get; set; } = "";

    /// <summary>The referrer's organisation (its sector is reported with their referrals).</summary>
    public Guid? OrganisationId { get; set; }

    public string DisplayName { get; set; } = "";
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

/// <summary>The embedded token issuer's signing key, kept in the database so restarts and nodes share it.</summary>
public sealed class SigningKey
{
    public string Id { get; set; } = "";

    public string KeyMaterial { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}
