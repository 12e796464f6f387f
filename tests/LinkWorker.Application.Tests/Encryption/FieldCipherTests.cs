using System.Security.Cryptography;
using LinkWorker.Infrastructure.Encryption;

namespace LinkWorker.Application.Tests.Encryption;

/// <summary>The stored form of a protected value (ADR 26): authenticated, bound to its column, naming its key.</summary>
public sealed class FieldCipherTests
{
    private readonly FieldCipher _cipher = new(KeyRing.Ephemeral());

    [Fact]
    public void A_value_round_trips_and_equal_texts_encrypt_differently()
    {
        var first = _cipher.Encrypt("Savner at synge med andre", "Conversations.Summary");
        var second = _cipher.Encrypt("Savner at synge med andre", "Conversations.Summary");

        first.Should().StartWith($"{FieldCipher.Prefix}1$").And.NotContain("synge");
        second.Should().NotBe(first, "a fresh nonce per value");
        _cipher.Decrypt(first, "Conversations.Summary").Should().Be("Savner at synge med andre");
        FieldCipher.KeyIdOf(first).Should().Be(1);
    }

    [Fact]
    public void An_altered_value_or_one_moved_to_another_column_does_not_decrypt()
    {
        var stored = _cipher.Encrypt("0101501234", "Citizens.CprNumber");
        var bytes = Convert.FromBase64String(stored[(stored.LastIndexOf('$') + 1)..]);
        bytes[^1] ^= 1;
        var altered = stored[..(stored.LastIndexOf('$') + 1)] + Convert.ToBase64String(bytes);

        ((Action)(() => _cipher.Decrypt(altered, "Citizens.CprNumber"))).Should().Throw<CryptographicException>()
            .Which.Message.Should().NotContain("0101501234");
        ((Action)(() => _cipher.Decrypt(stored, "Citizens.Phone"))).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void Plain_text_from_before_encryption_reads_as_itself_and_has_no_key()
    {
        _cipher.Decrypt("Ringede, ingen svar", "FollowUps.Note").Should().Be("Ringede, ingen svar");
        FieldCipher.KeyIdOf("Ringede, ingen svar").Should().BeNull();
        FieldCipher.KeyIdOf("$e1$x$abc").Should().BeNull();
    }

    [Fact]
    public void The_cpr_hash_is_keyed_and_the_same_for_the_same_number()
    {
        var other = new FieldCipher(KeyRing.Ephemeral());

        _cipher.CprHash("0101501234").Should().Be(_cipher.CprHash("0101501234")).And.HaveLength(64);
        _cipher.CprHash("0101501234").Should().NotBe(other.CprHash("0101501234"), "another lookup key gives another hash");
        _cipher.CprHash("0101501234").Should().NotBe(Convert.ToHexStringLower(SHA256.HashData("0101501234"u8)));
    }
}
