using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LinkWorker.Application.Common.Paging;

/// <summary>
/// The opaque keyset cursor of a list: the sort key of the last row shown (numbers, ranks, ids — never names or
/// other personal data, because cursors travel in URLs), the list it belongs to, and a check sum, as base64url.
/// A cursor grants nothing: the next page is filtered exactly as the first, so a forged one can only start the
/// list at another place among rows the caller may see anyway. The check sum refuses garbled or edited cursors.
/// </summary>
public static class PageCursor
{
    private const char Separator = '.';
    private const int CheckLength = 6;

    public static string Encode(string list, params object[] keys)
    {
        var payload = string.Join(Separator, keys.Select(Format).Prepend(list));
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload + Separator + Check(payload)));
    }

    /// <summary>Reads a cursor made by <see cref="Encode"/> for the same list; false for anything else.</summary>
    public static bool TryDecode(string? cursor, string list, int keyCount, out CursorKeys keys)
    {
        keys = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 400 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }

        var last = text.LastIndexOf(Separator);
        if (last < 0 || !string.Equals(text[(last + 1)..], Check(text[..last]), StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[..last].Split(Separator);
        if (parts.Length != keyCount + 1 || !string.Equals(parts[0], list, StringComparison.Ordinal))
        {
            return false;
        }

        keys = new CursorKeys(parts[1..]);
        return keys.AllReadable();
    }

    /// <summary>The validation message for a refused cursor, Danish first.</summary>
    public const string Refused = "Ugyldig cursor: hent listen forfra uden cursor. / The cursor is not valid: read the list again without one.";

    /// <summary>True when the cursor is absent (or empty, as <c>?cursor=</c> binds) or one of this list's.</summary>
    public static bool IsValidOrAbsent(string? cursor, string list, int keyCount) =>
        string.IsNullOrEmpty(cursor) || TryDecode(cursor, list, keyCount, out _);

    private static string Format(object key) => key switch
    {
        Guid id => id.ToString("N"),
        DateTimeOffset at => at.UtcTicks.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "1" : "0",
        Enum rank => Convert.ToInt32(rank, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        int number => number.ToString(CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A cursor holds only ids, times, flags and numbers, not {key.GetType().Name}.", nameof(key)),
    };

    private static string Check(string payload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..CheckLength];
}

/// <summary>The sort key read back from a cursor, in the order it was written.</summary>
public readonly struct CursorKeys
{
    private readonly string[] _parts;

    internal CursorKeys(string[] parts) => _parts = parts;

    public long Number(int index) => long.Parse(_parts[index], NumberStyles.None, CultureInfo.InvariantCulture);

    public int Rank(int index) => (int)Math.Min(Number(index), int.MaxValue);

    public bool Flag(int index) => _parts[index] == "1";

    public DateTimeOffset Time(int index) => new(Number(index), TimeSpan.Zero);

    public Guid Id(int index) => Guid.ParseExact(_parts[index], "N");

    // Numbers are never negative and fit a time; ids are 32 hex digits.
    internal bool AllReadable() => _parts.All(p =>
        (long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number <= DateTimeOffset.MaxValue.UtcTicks)
        || Guid.TryParseExact(p, "N", out _));
}
