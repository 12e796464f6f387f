using System.Security.Cryptography;
using System.Text;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// A client assertion (private_key_jwt, RFC 7523) is used once: its <c>jti</c> is kept until the assertion expires,
/// as a redeemed entry in OpenIddict's token table, whose unique reference id makes a second use fail on every node.
/// </summary>
public sealed class ClientAssertionReplay(IOpenIddictTokenManager tokens, LinkWorkerDbContext db, TimeProvider clock)
{
    public const string TokenType = "client_assertion";

    /// <summary>True the first time an assertion is presented (OpenIddict has checked its signature by then); false after.</summary>
    public async Task<bool> TryUseAsync(string clientId, string assertion, CancellationToken cancellationToken)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (string.IsNullOrEmpty(token.Id))
        {
            return false; // Without a jti a replay could not be told apart.
        }

        var reference = "ca:" + Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes($"{clientId}\n{token.Id}")));
        if (await tokens.FindByReferenceIdAsync(reference, cancellationToken) is not null)
        {
            return false;
        }

        try
        {
            await tokens.CreateAsync(new OpenIddictTokenDescriptor
            {
                ReferenceId = reference,
                Type = TokenType,
                Status = Statuses.Redeemed,
                Subject = clientId,
                CreationDate = clock.GetUtcNow(),
                RedemptionDate = clock.GetUtcNow(),
                ExpirationDate = token.ValidTo == DateTime.MinValue ? clock.GetUtcNow().AddHours(1) : new DateTimeOffset(token.ValidTo, TimeSpan.Zero),
            }, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is DbUpdateException update && db.IsUniqueViolation(update) || ex is OpenIddictExceptions.ValidationException)
        {
            // Another node took it in the same moment.
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
