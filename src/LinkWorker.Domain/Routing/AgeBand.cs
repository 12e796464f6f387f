using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Guides;

namespace LinkWorker.Domain.Routing;

/// <summary>The age bands of Danish reporting: 16–29, 30–44, 45–59, 60–74, 75+.</summary>
public static class AgeBand
{
    public const string Under16 = "under 16";

    public const string Unknown = "unknown";

    public static int AgeOn(DateOnly birth, DateOnly day)
    {
        var age = day.Year - birth.Year;
        return birth.AddYears(age) > day ? age - 1 : age;
    }

    /// <summary>The band's label, or null under 16.</summary>
    public static string? Of(DateOnly birth, DateOnly day) => AgeOn(birth, day) switch
    {
        < 16 => null,
        <= 29 => "16–29",
        <= 44 => "30–44",
        <= 59 => "45–59",
        <= 74 => "60–74",
        _ => "75+",
    };

    /// <summary>
    /// The band a referral counts under in reports: the citizen's age on the Danish day it was received, "under 16",
    /// or "unknown" without a date of birth.
    /// </summary>
    public static string OfReferral(DateOnly? birth, DateTimeOffset receivedAt) =>
        birth is { } known ? Of(known, DanishTime.DateOf(receivedAt)) ?? Under16 : Unknown;

    /// <summary>The ages a band label covers, or null for <see cref="Unknown"/>.</summary>
    public static (int Low, int High)? Bounds(string label) => label switch
    {
        Under16 => (0, 15),
        "16–29" => (16, 29),
        "30–44" => (30, 44),
        "45–59" => (45, 59),
        "60–74" => (60, 74),
        "75+" => (75, 150),
        _ => null,
    };

    public static Specialty? SpecialtyOf(DateOnly birth, DateOnly day) => AgeOn(birth, day) switch
    {
        < 16 => null,
        <= 29 => Specialty.Age16To29,
        <= 44 => Specialty.Age30To44,
        <= 59 => Specialty.Age45To59,
        <= 74 => Specialty.Age60To74,
        _ => Specialty.Age75Plus,
    };
}
