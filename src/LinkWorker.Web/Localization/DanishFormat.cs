using LinkWorker.Domain.Calendar;

namespace LinkWorker.Web.Localization;

/// <summary>Dates as 26.11.2026 and times as 14.30, in Europe/Copenhagen whatever the server's zone.</summary>
public static class DanishFormat
{
    private static readonly string[] DanishMonths =
        ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"];

    private static readonly string[] EnglishMonths =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, DanishTime.Zone).DateTime;

    public static string Date(DateOnly date) => $"{date.Day:00}.{date.Month:00}.{date.Year:0000}";

    public static string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(Local(instant)));

    public static string Time(DateTimeOffset instant) => $"{Local(instant).Hour:00}.{Local(instant).Minute:00}";

    public static string DateTime(DateTimeOffset instant) => $"{Date(instant)} {Time(instant)}";

    /// <summary>"26. november 2026", or "26 November 2026" in English.</summary>
    public static string LongDate(DateOnly date) => Languages.IsEnglish
        ? $"{date.Day} {EnglishMonths[date.Month - 1]} {date.Year}"
        : $"{date.Day}. {DanishMonths[date.Month - 1]} {date.Year}";

    /// <summary>The value of an &lt;input type="date"&gt; (ISO, as browsers send it).</summary>
    public static string InputDate(DateOnly date) => $"{date.Year:0000}-{date.Month:00}-{date.Day:00}";

    public static string InputDateTime(DateTimeOffset instant)
    {
        var local = Local(instant);
        return $"{local.Year:0000}-{local.Month:00}-{local.Day:00}T{local.Hour:00}:{local.Minute:00}";
    }

    /// <summary>A date and time typed in Copenhagen ("2026-11-26T14:30" or "2026-11-26" + "14:30") as an instant.</summary>
    public static DateTimeOffset? ParseLocal(string? date, string? time = null)
    {
        if (string.IsNullOrWhiteSpace(date))
        {
            return null;
        }

        var text = time is { Length: > 0 } ? $"{date}T{time}" : date;
        if (!System.DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            return null;
        }

        local = System.DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, DanishTime.Zone.GetUtcOffset(local));
    }

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : null;

    /// <summary>"******-1234": only the last four digits, which say nothing on their own.</summary>
    public static string MaskedCpr(string? digits) =>
        digits is { Length: 10 } ? $"******-{digits[6..]}" : "";

    public static string Cpr(string? digits) => digits is { Length: 10 } ? $"{digits[..6]}-{digits[6..]}" : "";
}
