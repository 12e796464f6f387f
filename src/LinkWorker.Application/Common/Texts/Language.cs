using System.Globalization;

namespace LinkWorker.Application.Common.Texts;

/// <summary>
/// The languages people read LinkWorker in: Danish first, English where the user chose it. A request's language is
/// its <c>Accept-Language</c> header (English only when English ranks above Danish); work without a request writes
/// Danish and, for staff, English beside it, and the reader's request picks one (ADR 0015).
/// </summary>
public enum Language
{
    Danish,
    English,
}

/// <summary>One text in both languages; <see cref="In"/> picks the reader's.</summary>
public sealed record Text(string Danish, string English)
{
    public string In(Language language) => language == Language.English ? English : Danish;
}

/// <summary>Dates as people read them: "26.11.2026", "26. november 2026" in Danish; "26 November 2026" in English.</summary>
public static class Dates
{
    // Written out: the server runs with invariant globalization, so no culture data for da-DK is there to ask.
    private static readonly string[] DanishMonths =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    /// <summary>"26.11.2026" — the short Danish form, used in both languages.</summary>
    public static string Numeric(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>"26. november 2026" (Danish) or "26 November 2026" (English).</summary>
    public static string Written(DateOnly day, Language language) => language == Language.English
        ? day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{day.Day}. {DanishMonths[day.Month - 1]} {day.Year}");
}
