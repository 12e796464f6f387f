using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LinkWorker.Domain.Auditing;
using Microsoft.Extensions.Configuration;

namespace LinkWorker.Infrastructure.Auditing;

/// <summary>
/// How an audit row becomes a link: an HMAC-SHA256 over its content, its subjects and the previous link. The key is
/// kept outside the database (configuration, an environment variable or a file), so someone who can write the
/// database cannot compute a valid link for a row they edited or inserted (ADR 25).
/// </summary>
public sealed class AuditChain
{
    /// <summary>
    /// Parallel chains: a writer locks one chain's head until it commits, so up to this many transactions on several
    /// nodes append at once. Fixed by the migration that creates the heads.
    /// </summary>
    public const int Count = 8;

    private readonly byte[] _key;

    public AuditChain(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("Audit:ChainKey must be at least 32 bytes (base64).");
        }

        _key = key;
    }

    /// <summary>
    /// The key from <c>Audit:ChainKey</c> (base64); without it, from the file <c>Audit:ChainKeyFile</c>
    /// (default data/audit-chain.key beside the SQLite file), made on first start. Every node needs the same key.
    /// </summary>
    public static AuditChain FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration["Audit:ChainKey"] is { Length: > 0 } configured)
        {
            return new AuditChain(Convert.FromBase64String(configured));
        }

        var path = configuration["Audit:ChainKeyFile"] is { Length: > 0 } file ? file : Path.Combine("data", "audit-chain.key");
        if (!File.Exists(path))
        {
            Encryption.KeyFile.CreateOnce(path);
        }

        return new AuditChain(ReadWhole(path));
    }

    // Another host may be between creating the file and writing its key: read again until the key is whole.
    private static byte[] ReadWhole(string path) => Encryption.KeyFile.ReadWhole(() =>
        Convert.FromBase64String(File.ReadAllText(path).Trim()) is { Length: >= 32 } key
            ? key
            : throw new InvalidOperationException($"The audit chain key in {path} must be at least 32 bytes (base64)."));

    /// <summary>The link for an entry at its place in its chain.</summary>
    public string Link(AuditEntry entry, int chain, long sequence, IEnumerable<Guid> subjects, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = new StringBuilder();
        // Each field length-prefixed, so no choice of values can shift one field's text into the next.
        foreach (var field in Fields(entry, chain, sequence, subjects, previousHash))
        {
            text.Append(field.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('|');
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static IEnumerable<string> Fields(AuditEntry entry, int chain, long sequence, IEnumerable<Guid> subjects, string previousHash)
    {
        yield return chain.ToString(CultureInfo.InvariantCulture);
        yield return sequence.ToString(CultureInfo.InvariantCulture);
        yield return entry.Id.ToString("N");
        // Microseconds: PostgreSQL's timestamptz keeps no finer, so the link survives the round trip.
        yield return (entry.At.UtcTicks / 10).ToString(CultureInfo.InvariantCulture);
        yield return entry.UserId?.ToString("N") ?? "";
        yield return entry.Roles;
        yield return entry.MunicipalityCode ?? "";
        yield return entry.Action;
        yield return entry.EntityType;
        yield return entry.EntityId?.ToString("N") ?? "";
        yield return entry.CorrelationId ?? "";
        yield return entry.Outcome;
        yield return string.Join(',', subjects.Order().Select(s => s.ToString("N")));
        yield return previousHash;
    }
}
