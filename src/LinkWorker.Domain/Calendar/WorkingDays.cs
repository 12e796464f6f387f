using System.Globalization;

namespace LinkWorker.Domain.Calendar;

/// <summary>
/// Danish public holidays (helligdage) and the working-day arithmetic used for first-contact deadlines.
/// Dates are proleptic Gregorian, as <see cref="DateOnly"/> is; the current set of helligdage is applied to every
/// year, except that store bededag is a holiday only up to and including 2023 (it was abolished from 2024).
/// Grundlovsdag, juleaften and nytårsaften are not helligdage; see <see cref="WorkingDayCalendar.PublicSectorClosedDays"/>.
/// </summary>
public static class DanishHolidays
{
    /// <summary>The last year in which store bededag was a public holiday.</summary>
    public const int LastYearWithStoreBededag = 2023;

    /// <summary>Easter Sunday of a Gregorian year from 1 to 9999, by the anonymous (Meeus/Jones/Butcher) algorithm.</summary>
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, DateOnly.MinValue.Year);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, DateOnly.MaxValue.Year);

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var monthAndDay = h + l - (7 * m) + 114;
        return new DateOnly(year, monthAndDay / 31, (monthAndDay % 31) + 1);
    }

    /// <summary>The official helligdage of a year (1 to 9999), in date order, with their Danish names.</summary>
    public static IReadOnlyList<(DateOnly Date, string Name)> For(int year)
    {
        var easter = EasterSunday(year);
        var holidays = new List<(DateOnly Date, string Name)>(11)
        {
            (new DateOnly(year, 1, 1), "nytårsdag"),
            (easter.AddDays(-3), "skærtorsdag"),
            (easter.AddDays(-2), "langfredag"),
            (easter, "påskedag"),
            (easter.AddDays(1), "2. påskedag"),
        };
        if (year <= LastYearWithStoreBededag)
        {
            holidays.Add((easter.AddDays(26), "store bededag"));
        }

        holidays.Add((easter.AddDays(39), "Kristi himmelfartsdag"));
        holidays.Add((easter.AddDays(49), "pinsedag"));
        holidays.Add((easter.AddDays(50), "2. pinsedag"));
        holidays.Add((new DateOnly(year, 12, 25), "juledag"));
        holidays.Add((new DateOnly(year, 12, 26), "2. juledag"));
        return holidays.AsReadOnly();
    }

    /// <summary>Whether the date is one of the official helligdage. Weekends as such are not holidays.</summary>
    public static bool IsPublicHoliday(DateOnly date)
    {
        // Easter falls between 22 March and 25 April, so the movable feasts lie between 19 March and 14 June.
        return (date.Month, date.Day) switch
        {
            (1, 1) or (12, 25) or (12, 26) => true,
            ( >= 3 and <= 6, _) => IsMovableFeast(date),
            _ => false,
        };
    }

    private static bool IsMovableFeast(DateOnly date)
    {
        var daysAfterEaster = date.DayNumber - EasterSunday(date.Year).DayNumber;
        return daysAfterEaster switch
        {
            -3 or -2 or 0 or 1 or 39 or 49 or 50 => true,
            26 => date.Year <= LastYearWithStoreBededag,
            _ => false,
        };
    }
}

/// <summary>
/// Which days count as working days: Monday to Friday, except the helligdage and any days on which the
/// municipality is closed every year.
/// </summary>
public sealed class WorkingDayCalendar
{
    /// <summary>Days the public sector is closed every year though they are not helligdage: Grundlovsdag (5 June), juleaften and nytårsaften.</summary>
    public static readonly IReadOnlyList<MonthDay> PublicSectorClosedDays =
        new[] { new MonthDay(6, 5), new MonthDay(12, 24), new MonthDay(12, 31) }.AsReadOnly();

    // Indexed by month * 32 + day.
    private readonly bool[] _closed = new bool[13 * 32];

    /// <param name="extraClosedDays">Days the municipality is closed every year in addition to weekends and helligdage.
    /// 29 February closes that day in leap years only.</param>
    public WorkingDayCalendar(IEnumerable<MonthDay>? extraClosedDays = null)
    {
        var closedDays = (extraClosedDays ?? []).Distinct().OrderBy(d => d.Month).ThenBy(d => d.Day).ToList();
        foreach (var day in closedDays)
        {
            if (day == default)
            {
                throw new ArgumentException("A closed day must be a real day of the year, not default(MonthDay).", nameof(extraClosedDays));
            }

            _closed[Index(day.Month, day.Day)] = true;
        }

        ExtraClosedDays = closedDays.AsReadOnly();
    }

    /// <summary>Working days of a municipality closed on <see cref="PublicSectorClosedDays"/>.</summary>
    public static WorkingDayCalendar Default { get; } = new(PublicSectorClosedDays);

    /// <summary>The days closed every year in addition to weekends and helligdage, in calendar order without duplicates.</summary>
    public IReadOnlyList<MonthDay> ExtraClosedDays { get; }

    /// <summary>Not a Saturday or Sunday, not a helligdag, and not one of the extra closed days.</summary>
    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && !_closed[Index(date.Month, date.Day)]
        && !DanishHolidays.IsPublicHoliday(date);

    /// <summary>
    /// The date of the <paramref name="workingDays"/>th working day after <paramref name="start"/>; the start itself never
    /// counts, whether or not it is a working day. Zero returns <paramref name="start"/> unchanged.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative, or the result would lie after <see cref="DateOnly.MaxValue"/>.</exception>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);

        var date = start;
        var remaining = workingDays;
        while (remaining > 0)
        {
            if (date == DateOnly.MaxValue)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(workingDays), workingDays, "The result would lie after the last date DateOnly can represent.");
            }

            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>The number of working days after <paramref name="fromExclusive"/> up to and including <paramref name="toInclusive"/>; 0 when the range is empty.</summary>
    public int WorkingDaysBetween(DateOnly fromExclusive, DateOnly toInclusive)
    {
        var count = 0;
        for (var date = fromExclusive; date < toInclusive;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    private static int Index(int month, int day) => (month * 32) + day;
}

/// <summary>A day of the year, such as 5 June. 29 February is allowed; it occurs in leap years only.</summary>
public readonly record struct MonthDay(int Month, int Day)
{
    public int Month { get; } = Month is >= 1 and <= 12
        ? Month
        : throw new ArgumentOutOfRangeException(nameof(Month), Month, "The month must be from 1 to 12.");

    // 2000 is a leap year, so 29 February is a real day.
    public int Day { get; } = Day >= 1 && Day <= DateTime.DaysInMonth(2000, Month)
        ? Day
        : throw new ArgumentOutOfRangeException(nameof(Day), Day, "The day does not occur in that month in any year.");

    /// <summary>The ISO 8601 form without a year, such as "--06-05".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"--{Month:00}-{Day:00}");
}
