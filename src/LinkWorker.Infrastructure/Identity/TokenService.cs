using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// Embedded mode's token issuer: short-lived signed JWT access tokens and rotating refresh tokens stored hashed.
/// Repeated wrong passwords lock the account (ASP.NET Core Identity's lockout).
/// </summary>
internal sealed class TokenService(
    UserManager<ApplicationUser> users,
    LinkWorkerDbContext db,
    SigningKeyStore signingKeys,
    IOptions<AuthenticationSettings> settings,
    TimeProvider clock) : ITokenService
{
    private const string Refused = "The user name or password is wrong, or the account is locked for a while.";

    public async Task<TokenPair> IssueAsync(string userName, string password, CancellationToken cancellationToken)
    {
        EnsureEmbedded();
        var user = await users.FindByNameAsync(userName);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            throw new InvalidCredentialsException(Refused);
        }

        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            throw new InvalidCredentialsException(Refused);
        }

        await users.ResetAccessFailedCountAsync(user);
        return await IssuePair(user, Guid.CreateVersion7(), cancellationToken);
    }

    public async Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        EnsureEmbedded();
        var now = clock.GetUtcNow();
        var hash = Hash(refreshToken);
        var stored = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken)
            ?? throw new InvalidCredentialsException("The refresh token is not valid.");

        // Compare-and-set: of two concurrent uses of one token, only one wins.
        var revoked = await db.RefreshTokens
            .Where(t => t.Id == stored.Id && t.RevokedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
        if (revoked == 0)
        {
            if (stored.RevokedAt is not null)
            {
                // A used token came back: it may be stolen, so end the whole sign-in.
                await db.RefreshTokens.Where(t => t.FamilyId == stored.FamilyId && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), cancellationToken);
            }

            throw new InvalidCredentialsException("The refresh token is not valid.");
        }

        var user = await users.FindByIdAsync(stored.UserId.ToString());
        if (user is null || await users.IsLockedOutAsync(user))
        {
            throw new InvalidCredentialsException("The refresh token is not valid.");
        }

        return await IssuePair(user, stored.FamilyId, cancellationToken);
    }

    private async Task<TokenPair> IssuePair(ApplicationUser user, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lifetime = settings.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, user.Id.ToString()),
            new(ClaimNames.Name, user.DisplayName),
            new(ClaimNames.Municipality, user.MunicipalityCode),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(ClaimNames.Role, role)));
        if (user.OrganisationId is { } organisationId)
        {
            claims.Add(new Claim(ClaimNames.Organisation, organisationId.ToString()));
        }

        var accessToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthenticationSettings.EmbeddedIssuer,
            Audience = settings.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKeys.Current, SecurityAlgorithms.HmacSha256),
        });

        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = Hash(refreshToken),
            CreatedAt = now,
            ExpiresAt = now + settings.Value.RefreshTokenLifetime,
        });
        await db.SaveChangesAsync(cancellationToken);

        return new TokenPair(accessToken, refreshToken, (int)lifetime.TotalSeconds);
    }

    private void EnsureEmbedded()
    {
        if (settings.Value.IsExternal)
        {
            throw new InvalidCredentialsException("Sign in with the municipality's identity provider; this server issues no tokens.");
        }
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
