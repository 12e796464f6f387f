using System.Security.Cryptography;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// Holds the embedded issuer's signing key: from configuration, or generated once and kept in the database so a
/// restart does not sign everybody out and several nodes agree.
/// </summary>
public sealed class SigningKeyStore(IOptions<AuthenticationSettings> settings)
{
    private const string KeyId = "linkworker-hs256";
    private SymmetricSecurityKey? _key;

    public SymmetricSecurityKey Current => _key ?? throw new InvalidOperationException("The signing key has not been loaded yet.");

    public async Task LoadAsync(LinkWorkerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(settings.Value.SigningKey))
        {
            _key = Create(Convert.FromBase64String(settings.Value.SigningKey));
            return;
        }

        var stored = await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == KeyId, cancellationToken);
        if (stored is null)
        {
            db.SigningKeys.Add(new SigningKey { Id = KeyId, KeyMaterial = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (db.IsUniqueViolation(ex))
            {
                // Another node created it first; use theirs.
                db.ChangeTracker.Clear();
            }

            stored = await db.SigningKeys.AsNoTracking().SingleAsync(k => k.Id == KeyId, cancellationToken);
        }

        _key = Create(Convert.FromBase64String(stored.KeyMaterial));
    }

    private static SymmetricSecurityKey Create(byte[] material) => new(material) { KeyId = KeyId };
}
