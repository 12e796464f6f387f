using System.Security.Claims;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// Whether a validated access token may still be used (ADR 0019): its OpenIddict token entry must still be valid
/// (not revoked at /connect/revoke, by a refresh-token replay or by an administrator) and a person's account must
/// exist and not be locked. One query with two primary-key lookups per API request, answered from the shared
/// database, so a revocation on one node holds on every node at once.
/// </summary>
public sealed class AccessTokenStatus(LinkWorkerDbContext db)
{
    public async Task<bool> IsUsableAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        Guid? tokenId = Guid.TryParse(principal.FindFirst(Claims.Private.TokenId)?.Value, out var id) ? id : null;
        if (principal.FindFirst(SystemClients.SystemClaim) is not null)
        {
            // A system client's token: its client's disabling revokes the entry.
            return tokenId is null || await TokenIsValid(tokenId.Value, cancellationToken);
        }

        if (!Guid.TryParse(principal.FindFirst(ClaimNames.Subject)?.Value, out var userId))
        {
            return false;
        }

        var users = db.Users.AsNoTracking().Where(u => u.Id == userId);
        if (tokenId is not { } entry)
        {
            // The password flow's tokens (demo mode) have no entry; the account's lock still counts.
            return await users.AnyAsync(u => u.LockedAt == null, cancellationToken);
        }

        var tokens = db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>();
        var row = await users
            .Select(u => new { u.LockedAt, TokenStatus = tokens.Where(t => t.Id == entry).Select(t => t.Status).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        return row is { LockedAt: null, TokenStatus: Statuses.Valid };
    }

    private Task<bool> TokenIsValid(Guid tokenId, CancellationToken cancellationToken) =>
        db.Set<OpenIddictEntityFrameworkCoreToken<Guid>>().AnyAsync(t => t.Id == tokenId && t.Status == Statuses.Valid, cancellationToken);
}
