using LinkWorker.Domain.Guides;

namespace LinkWorker.Domain.Routing;

/// <summary>The age bands of Danish reporting: 16–29, 30–44, 45–59, 60–74, 75+.</summary>
public static class AgeBand
{
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
