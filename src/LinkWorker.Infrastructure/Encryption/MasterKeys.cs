using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>
/// Where the master key comes from (ADR 26): <c>DataProtection:MasterKey</c> (base64, 32 bytes) from configuration
/// or its environment variable <c>DataProtection__MasterKey</c>; without it, the file <c>DataProtection:MasterKeyFile</c>
/// (default data/master.key), made on the first start of an empty database only. Keys of
/// <c>DataProtection:PreviousMasterKeys</c> still unwrap, and the ring is rewrapped under the current one.
/// </summary>
public sealed class MasterKeys
{
    public const string Section = "DataProtection";

    public const string DefaultFile = "data/master.key";

    private readonly byte[]? _configured;
    private byte[]? _fromFile;

    private MasterKeys(byte[]? configured, string file, IReadOnlyList<byte[]> previous)
    {
        _configured = configured;
        File = file;
        Previous = previous;
    }

    /// <summary>The key file used when no key is configured.</summary>
    public string File { get; }

    public IReadOnlyList<byte[]> Previous { get; }

    public bool IsConfigured => _configured is not null;

    public static MasterKeys FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        var configured = section["MasterKey"] is { Length: > 0 } text ? Decode(text, $"{Section}:MasterKey") : null;
        var file = section["MasterKeyFile"] is { Length: > 0 } path ? path : DefaultFile;
        var previous = section.GetSection("PreviousMasterKeys").GetChildren()
            .Where(c => !string.IsNullOrEmpty(c.Value)).Select(c => Decode(c.Value!, $"{Section}:PreviousMasterKeys:{c.Key}")).ToList();
        return new MasterKeys(configured, file, previous);
    }

    /// <summary>The current master key, or null when none is configured and the key file does not exist.</summary>
    public byte[]? Current()
    {
        if (_configured is not null)
        {
            return _configured;
        }

        if (_fromFile is null && System.IO.File.Exists(File))
        {
            _fromFile = Decode(System.IO.File.ReadAllText(File).Trim(), $"the key file {File}");
        }

        return _fromFile;
    }

    /// <summary>The current master key; without one, a new key file (owner read/write only) for a new database.</summary>
    public byte[] CurrentOrCreate()
    {
        if (_configured is null && _fromFile is null && !System.IO.File.Exists(File))
        {
            KeyFile.CreateOnce(File);
        }

        return KeyFile.ReadWhole(() => Current()!); // another host may be between creating the file and writing its 44 bytes
    }

    /// <summary>A fingerprint that names a master key without revealing it.</summary>
    public static string IdOf(byte[] key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, "linkworker master key id"u8))[..16];

    private static byte[] Decode(string base64, string where)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The master key in {where} is not base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"The master key in {where} must be 32 bytes (base64), not {key.Length}.");
    }
}
