using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LinkWorker.Domain.Citizens;

/// <summary>
/// A Danish personal identification number: DDMMYY and a four-digit sequence whose first digit fixes the century.
/// The modulus-11 check is not applied: numbers issued since 2007 need not satisfy it.
/// ToString never reveals the number, so it cannot leak into logs by accident.
/// </summary>
public sealed record CprNumber
{
    private CprNumber(string digits, DateOnly dateOfBirth)
    {
        Digits = digits;
        DateOfBirth = dateOfBirth;
    }

    /// <summary>The ten digits, without a hyphen.</summary>
    public string Digits { get; }

    public DateOnly DateOfBirth { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CprNumber? cpr)
    {
        cpr = null;
        if (text is null)
        {
            return false;
        }

        var digits = text.Length == 11 && text[6] == '-' ? string.Concat(text.AsSpan(0, 6), text.AsSpan(7)) : text;
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var day = int.Parse(digits.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(digits.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var yearInCentury = int.Parse(digits.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var century = Century(digits[6] - '0', yearInCentury);
        var year = century + yearInCentury;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        cpr = new CprNumber(digits, new DateOnly(year, month, day));
        return true;
    }

    public static CprNumber Parse(string text) =>
        TryParse(text, out var cpr) ? cpr : throw new FormatException("Not a valid CPR number.");

    // The CPR office's table: the seventh digit and the two-digit year decide the century.
    private static int Century(int seventhDigit, int yearInCentury) => seventhDigit switch
    {
        <= 3 => 1900,
        4 or 9 => yearInCentury <= 36 ? 2000 : 1900,
        _ => yearInCentury <= 57 ? 2000 : 1800,
    };

    public override string ToString() => "CPR(redacted)";
}
