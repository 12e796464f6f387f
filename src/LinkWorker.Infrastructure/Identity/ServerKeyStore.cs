using System.Security.Cryptography;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace LinkWorker.Infrastructure.Identity;

/// <summary>
/// The embedded OpenID Connect server's RSA keys (ADR 0013), kept in the database so a restart does not sign
/// everybody out and several nodes issue and accept the same tokens. The first node to start creates one signing
/// and one encryption key; rotation adds a newer key (it signs from then on) and retires the old one later.
/// </summary>
public sealed class ServerKeyStore
{
    private IReadOnlyList<RsaSecurityKey>? _signing;
    private IReadOnlyList<RsaSecurityKey>? _encryption;

    /// <summary>Active signing keys, newest first: the first signs, all validate and are published.</summary>
    public IReadOnlyList<RsaSecurityKey> SigningKeys => _signing ?? throw NotLoaded();

    /// <summary>Active encryption keys, newest first.</summary>
    public IReadOnlyList<RsaSecurityKey> EncryptionKeys => _encryption ?? throw NotLoaded();

    public bool IsLoaded => _signing is not null;

    public async Task LoadAsync(LinkWorkerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        foreach (var use in (string[])[ServerKey.Signing, ServerKey.Encryption])
        {
            if (!await db.ServerKeys.AnyAsync(k => k.Use == use && k.RetiredAt == null, cancellationToken))
            {
                await AddKeyAsync(db, use, clock, cancellationToken);
            }
        }

        var active = await db.ServerKeys.AsNoTracking().Where(k => k.RetiredAt == null).ToListAsync(cancellationToken);
        _signing = ToKeys(active, ServerKey.Signing);
        _encryption = ToKeys(active, ServerKey.Encryption);
    }

    /// <summary>Creates a new key of a use; it becomes the one new tokens use once the nodes reload (restart).</summary>
    public static async Task<string> AddKeyAsync(LinkWorkerDbContext db, string use, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var now = clock.GetUtcNow();
        var id = $"{use}-{now:yyyyMMddHHmmss}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        db.ServerKeys.Add(new ServerKey { Id = id, Use = use, KeyMaterial = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return id;
    }

    private static IReadOnlyList<RsaSecurityKey> ToKeys(IEnumerable<ServerKey> keys, string use) =>
        [.. keys.Where(k => k.Use == use).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id, StringComparer.Ordinal).Select(ToKey)];

    private static RsaSecurityKey ToKey(ServerKey key)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(key.KeyMaterial), out _);
        return new RsaSecurityKey(rsa) { KeyId = key.Id };
    }

    private static InvalidOperationException NotLoaded() => new("The server keys have not been loaded yet (the database initializer loads them at start).");
}
