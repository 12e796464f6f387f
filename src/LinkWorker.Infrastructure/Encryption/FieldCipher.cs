using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LinkWorker.Infrastructure.Encryption;

/// <summary>
/// Encrypts one field value with AES-GCM under the ring's current data key. The stored text is
/// <c>$e1$&lt;key id&gt;$&lt;base64 of nonce, ciphertext, tag&gt;</c>: the key id lets rows written under older keys be
/// read and found by the re-encryption job. The column's name is bound in as associated data, so a value moved to
/// another column does not decrypt. A value without the prefix is a row from before encryption and is read as it
/// is, until the start-up conversion rewrites it (ADR 26).
/// </summary>
public sealed class FieldCipher(KeyRing ring)
{
    public const string Prefix = "$e1$";

    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>For a model built without a ring (the schema test): any use is a mistake.</summary>
    public static FieldCipher Unavailable { get; } = new(new KeyRing(null!));

    public KeyRing Ring => ring;

    public string Encrypt(string plaintext, string column)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var id = ring.CurrentKeyId;
        var input = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceSize + input.Length + TagSize];
        RandomNumberGenerator.Fill(sealedValue.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(ring.Key(id), TagSize))
        {
            aes.Encrypt(
                sealedValue.AsSpan(0, NonceSize), input, sealedValue.AsSpan(NonceSize, input.Length), sealedValue.AsSpan(NonceSize + input.Length),
                Encoding.UTF8.GetBytes(column));
        }

        return string.Concat(Prefix, id.ToString(CultureInfo.InvariantCulture), "$", Convert.ToBase64String(sealedValue));
    }

    public string Decrypt(string stored, string column)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (KeyIdOf(stored) is not { } id)
        {
            return stored; // written before encryption; the start-up conversion rewrites it
        }

        var sealedValue = Convert.FromBase64String(stored[(stored.IndexOf('$', Prefix.Length) + 1)..]);
        var output = new byte[sealedValue.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(ring.DataKey(id), TagSize))
        {
            try
            {
                aes.Decrypt(
                    sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, output.Length), sealedValue.AsSpan(NonceSize + output.Length), output,
                    Encoding.UTF8.GetBytes(column));
            }
            catch (AuthenticationTagMismatchException)
            {
                // No value in the message: it is personal data.
                throw new CryptographicException($"A value of {column} under key {id} fails authentication: it was altered or moved.");
            }
        }

        return Encoding.UTF8.GetString(output);
    }

    /// <summary>The key id a stored value was encrypted under; null for plain text.</summary>
    public static int? KeyIdOf(string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = stored.IndexOf('$', Prefix.Length);
        return end > Prefix.Length && int.TryParse(stored.AsSpan(Prefix.Length, end - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

    /// <summary>The CPR number's keyed hash: equal numbers give equal hashes, which only the lookup key can compute.</summary>
    public string CprHash(string digits) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(ring.LookupKey, Encoding.UTF8.GetBytes(digits)));
}
