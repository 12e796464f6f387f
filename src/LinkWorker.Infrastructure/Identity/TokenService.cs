using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The password flow (POST /api/auth/token), kept for demo mode, scripts and benchmarks (ADR 0013): the same access
/// tokens as the OpenID Connect server's (same issuer, key, audience and claims) and rotating refresh tokens stored
/// hashed. Repeated wrong passwords lock the account (ASP.NET Core Identity's lockout).
/// </summary>
internal sealed class TokenService(
    IAccountSignIn accounts,
    LinkWorkerDbContext db,
    ServerKeyStore keys,
    IHttpContextAccessor http,
    IOptions<AuthenticationSettings> settings,
    TimeProvider clock) : ITokenService
{
    private const string Refused = "The user name or password is wrong, or the account is locked for a while.";

    public async Task<TokenPair> IssueAsync(string userName, string password, CancellationToken cancellationToken)
    {
        EnsureEmbedded();
        var account = await accounts.CheckPasswordAsync(userName, password, cancellationToken)
            ?? throw new InvalidCredentialsException(Refused);
        if (account.MustChangePassword)
        {
            // A one-time password opens only the sign-in page's "choose a new password" step (ADR 0019).
            throw new InvalidCredentialsException("Choose a new password at the sign-in page first.");
        }

        return await IssuePair(account, Guid.CreateVersion7(), cancellationToken);
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

        var account = await accounts.FindActiveAsync(stored.UserId, cancellationToken)
            ?? throw new InvalidCredentialsException("The refresh token is not valid.");
        return await IssuePair(account, stored.FamilyId, cancellationToken);
    }

    private async Task<TokenPair> IssuePair(SignedInAccount account, Guid familyId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lifetime = settings.Value.AccessTokenLifetime;
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, account.Id.ToString()),
            new(ClaimNames.Name, account.DisplayName),
            new(ClaimNames.Municipality, account.MunicipalityCode),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            new("scope", AuthenticationSettings.ApiScope),
        };
        claims.AddRange(account.Roles.Select(role => new Claim(ClaimNames.Role, role)));
        if (account.OrganisationId is { } organisationId)
        {
            claims.Add(new Claim(ClaimNames.Organisation, organisationId.ToString()));
        }

        var context = http.HttpContext ?? throw new InvalidOperationException("Tokens are issued within a request.");
        var accessToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = OpenIdServer.IssuerFor(context, settings.Value),
            Audience = settings.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            TokenType = "at+jwt",
            SigningCredentials = new SigningCredentials(keys.SigningKeys[0], SecurityAlgorithms.RsaSha256),
        });

        var refreshToken = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.CreateVersion7(now),
            UserId = account.Id,
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
