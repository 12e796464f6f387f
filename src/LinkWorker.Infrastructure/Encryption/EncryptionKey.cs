namespace LinkWorker.Infrastructure.Encryption;

/// <summary>
/// One key of the ring, stored only wrapped (AES-GCM) by the master key, which never enters the database
/// (ADR 26). Data keys encrypt fields; the one lookup key makes the CPR number's keyed hash.
/// </summary>
public sealed class EncryptionKey
{
    public const string DataPurpose = "data";

    public const string LookupPurpose = "lookup";

    /// <summary>The lookup key's id; data keys count from 1, the newest is current.</summary>
    public const int LookupKeyId = 0;

    private EncryptionKey()
    {
    }

    public EncryptionKey(int id, string purpose, string wrappedKey, string masterKeyId, DateTimeOffset createdAt)
    {
        Id = id;
        Purpose = purpose;
        WrappedKey = wrappedKey;
        MasterKeyId = masterKeyId;
        CreatedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Purpose { get; private set; } = "";

    /// <summary>base64 of nonce, ciphertext and tag: the key encrypted under the master key.</summary>
    public string WrappedKey { get; private set; } = "";

    /// <summary>Which master key wrapped it (a fingerprint, not the key), so a wrong one is named at start-up.</summary>
    public string MasterKeyId { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public void Rewrap(string wrappedKey, string masterKeyId)
    {
        WrappedKey = wrappedKey;
        MasterKeyId = masterKeyId;
    }
}
