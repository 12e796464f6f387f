namespace LinkWorker.Web.Localization;

/// <summary>
/// Danish alphabetical order without ICU (the host runs with invariant globalization): a–z, then æ, ø, å; ä and ö
/// sort as æ and ø, ü as y, and the old spelling "aa" as å. Case is a tie-breaker only.
/// </summary>
public sealed class DanishComparer : IComparer<string?>
{
    public static readonly DanishComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byLetters = string.CompareOrdinal(Key(x), Key(y));
        return byLetters != 0 ? byLetters : string.CompareOrdinal(x, y);
    }

    // Maps each letter onto a code point that sorts in Danish order: æ, ø, å follow z.
    internal static string Key(string text)
    {
        var lower = text.ToLowerInvariant().Replace("aa", "å", StringComparison.Ordinal);
        return string.Create(lower.Length, lower, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    'æ' or 'ä' => '{',
                    'ø' or 'ö' => '|',
                    'å' => '}',
                    'ü' => 'y',
                    'é' or 'è' => 'e',
                    var c => c,
                };
            }
        });
    }
}
