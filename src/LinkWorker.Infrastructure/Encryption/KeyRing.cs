using System.Security.Cryptography;
using System.Text;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>
/// The unwrapped keys of this database, in memory only: data keys by id (the newest encrypts, every one still
/// decrypts) and the lookup key for the CPR number's hash. Loaded at start-up by the database initializer; a key
/// another node added since is fetched when a value names it (ADR 26).
/// </summary>
public sealed class KeyRing
{
    private readonly MasterKeys? _master;
    private readonly Func<IReadOnlyList<EncryptionKey>>? _reload;
    private readonly Lock _reloading = new();
    private volatile Snapshot? _snapshot;
    private long _loadedAt = Environment.TickCount64;

    public KeyRing(MasterKeys master, Func<IReadOnlyList<EncryptionKey>>? reload = null)
    {
        _master = master;
        _reload = reload;
    }

    private KeyRing(Snapshot snapshot) => _snapshot = snapshot;

    /// <summary>A ring of fresh random keys that is never stored (tests that build a context by hand).</summary>
    public static KeyRing Ephemeral() => new(new Snapshot(
        1, DateTimeOffset.MinValue, new Dictionary<int, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32)));

    public bool IsLoaded => _snapshot is not null;

    /// <summary>The key new values are encrypted with; read again from the database now and then, so a key
    /// another node rotated to is used here too within <see cref="RefreshInterval"/>.</summary>
    public int CurrentKeyId
    {
        get
        {
            if (_reload is not null && Environment.TickCount64 - _loadedAt > RefreshInterval.TotalMilliseconds)
            {
                lock (_reloading)
                {
                    if (Environment.TickCount64 - _loadedAt > RefreshInterval.TotalMilliseconds)
                    {
                        _loadedAt = Environment.TickCount64;
                        try
                        {
                            _snapshot = Unwrap(_reload(), rewrapped: null);
                        }
                        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                        {
                            // The database is away: keep encrypting under the key known; the next refresh tries again.
                        }
                    }
                }
            }

            return Loaded.CurrentId;
        }
    }

    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromMinutes(5);

    public DateTimeOffset CurrentKeyCreatedAt => Loaded.CurrentCreatedAt;

    public byte[] Key(int id) => DataKey(id);

    public byte[] LookupKey => Loaded.LookupKey;

    private Snapshot Loaded => _snapshot ?? throw new InvalidOperationException(
        "The encryption key ring is not loaded: the database initializer loads it before the first request.");

    /// <summary>The data key of an id; one unknown here was added by another node, so the ring is read again once.</summary>
    public byte[] DataKey(int id)
    {
        if (Loaded.DataKeys.TryGetValue(id, out var key))
        {
            return key;
        }

        if (_reload is not null)
        {
            lock (_reloading)
            {
                if (!Loaded.DataKeys.ContainsKey(id))
                {
                    _snapshot = Unwrap(_reload(), rewrapped: null);
                }
            }
        }

        return Loaded.DataKeys.TryGetValue(id, out key) ? key : throw new CryptographicException($"No data key {id} in the key ring.");
    }

    /// <summary>
    /// Reads the ring from the database: on an empty database makes the lookup key and data key 1 (and, without a
    /// configured master key, the key file); keys wrapped by a previous master key are wrapped again by the current
    /// one. A missing or wrong master key stops the start with a message that says which one is needed.
    /// </summary>
    public async Task LoadAsync(LinkWorkerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var master = _master ?? throw new InvalidOperationException("An ephemeral key ring is not stored.");
        var rows = await db.EncryptionKeys.OrderBy(k => k.Id).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            var key = master.CurrentOrCreate();
            var now = clock.GetUtcNow();
            db.EncryptionKeys.Add(new EncryptionKey(
                EncryptionKey.LookupKeyId, EncryptionKey.LookupPurpose, Wrap(key, EncryptionKey.LookupKeyId, EncryptionKey.LookupPurpose, RandomNumberGenerator.GetBytes(32)), MasterKeys.IdOf(key), now));
            db.EncryptionKeys.Add(new EncryptionKey(
                1, EncryptionKey.DataPurpose, Wrap(key, 1, EncryptionKey.DataPurpose, RandomNumberGenerator.GetBytes(32)), MasterKeys.IdOf(key), now));
            await db.SaveChangesAsync(cancellationToken);
            rows = await db.EncryptionKeys.OrderBy(k => k.Id).ToListAsync(cancellationToken);
        }

        var rewrapped = new List<EncryptionKey>();
        _snapshot = Unwrap(rows, rewrapped);
        _loadedAt = Environment.TickCount64;
        if (rewrapped.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Reads the ring again (keys another node added).</summary>
    public async Task ReloadAsync(LinkWorkerDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        _snapshot = Unwrap(await db.EncryptionKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(cancellationToken), rewrapped: null);
        _loadedAt = Environment.TickCount64;
    }

    /// <summary>Adds a data key that becomes the current one; what was written before stays readable.</summary>
    public async Task<int> RotateAsync(LinkWorkerDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var key = _master?.Current() ?? throw new InvalidOperationException("No master key to wrap a new data key with.");
        var id = await db.EncryptionKeys.MaxAsync(k => k.Id, cancellationToken) + 1;
        db.EncryptionKeys.Add(new EncryptionKey(id, EncryptionKey.DataPurpose, Wrap(key, id, EncryptionKey.DataPurpose, RandomNumberGenerator.GetBytes(32)), MasterKeys.IdOf(key), clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        await ReloadAsync(db, cancellationToken);
        return id;
    }

    private Snapshot Unwrap(IReadOnlyList<EncryptionKey> rows, List<EncryptionKey>? rewrapped)
    {
        var master = _master!;
        var current = master.Current() ?? throw new InvalidOperationException(
            $"The database holds encrypted data, but no master key is configured: set {MasterKeys.Section}:MasterKey (environment variable " +
            $"{MasterKeys.Section}__MasterKey) or restore the key file {master.File}. The ring was wrapped by master key {rows[0].MasterKeyId}.");
        var currentId = MasterKeys.IdOf(current);
        var candidates = new[] { current }.Concat(master.Previous).ToDictionary(MasterKeys.IdOf, k => k);
        var data = new Dictionary<int, byte[]>();
        byte[]? lookup = null;
        foreach (var row in rows)
        {
            if (!candidates.TryGetValue(row.MasterKeyId, out var wrapping))
            {
                throw new InvalidOperationException(
                    $"The master key does not fit this database: its key ring was wrapped by master key {row.MasterKeyId}, the configured one is " +
                    $"{currentId}. Configure the master key that was used ({MasterKeys.Section}:MasterKey, {MasterKeys.Section}__MasterKey or the key " +
                    $"file), or list it in {MasterKeys.Section}:PreviousMasterKeys to wrap the ring again under the new one.");
            }

            byte[] key;
            try
            {
                key = UnwrapOne(wrapping, row);
            }
            catch (CryptographicException)
            {
                throw new InvalidOperationException($"Key {row.Id} of the key ring does not unwrap under master key {row.MasterKeyId}: the key or the row is damaged.");
            }

            if (rewrapped is not null && row.MasterKeyId != currentId)
            {
                row.Rewrap(Wrap(current, row.Id, row.Purpose, key), currentId);
                rewrapped.Add(row);
            }

            if (row.Purpose == EncryptionKey.LookupPurpose)
            {
                lookup = key;
            }
            else
            {
                data[row.Id] = key;
            }
        }

        var newest = rows.Where(r => r.Purpose == EncryptionKey.DataPurpose).MaxBy(r => r.Id)
            ?? throw new InvalidOperationException("The key ring has no data key.");
        return new Snapshot(newest.Id, newest.CreatedAt, data, lookup ?? throw new InvalidOperationException("The key ring has no lookup key."));
    }

    private static string Wrap(byte[] master, int id, string purpose, byte[] key)
    {
        var sealedKey = new byte[12 + key.Length + 16];
        RandomNumberGenerator.Fill(sealedKey.AsSpan(0, 12));
        using var aes = new AesGcm(master, 16);
        aes.Encrypt(sealedKey.AsSpan(0, 12), key, sealedKey.AsSpan(12, key.Length), sealedKey.AsSpan(12 + key.Length), WrapContext(id, purpose));
        return Convert.ToBase64String(sealedKey);
    }

    private static byte[] UnwrapOne(byte[] master, EncryptionKey row)
    {
        var sealedKey = Convert.FromBase64String(row.WrappedKey);
        var key = new byte[sealedKey.Length - 28];
        using var aes = new AesGcm(master, 16);
        aes.Decrypt(sealedKey.AsSpan(0, 12), sealedKey.AsSpan(12, key.Length), sealedKey.AsSpan(12 + key.Length), key, WrapContext(row.Id, row.Purpose));
        return key;
    }

    // Bound to its id and purpose: a wrapped key copied to another row does not unwrap.
    private static byte[] WrapContext(int id, string purpose) => Encoding.UTF8.GetBytes($"linkworker key {id} {purpose}");

    private sealed record Snapshot(int CurrentId, DateTimeOffset CurrentCreatedAt, IReadOnlyDictionary<int, byte[]> DataKeys, byte[] LookupKey);
}

/// <summary>How the ring reads itself again outside a request: a context of its own, synchronously (rare).</summary>
internal static class KeyRingReload
{
    public static IReadOnlyList<EncryptionKey> Read(IServiceProvider services)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<LinkWorkerDbContext>(scope.ServiceProvider);
        return db.EncryptionKeys.AsNoTracking().OrderBy(k => k.Id).ToList();
    }
}
