using System.Globalization;
using LinkWorker.Domain.Offers;

namespace LinkWorker.Application.Offers.ImportOffers;

/// <summary>The import's columns (docs/directory-exchange.md) and how one row becomes an <see cref="OfferInput"/>.</summary>
internal static class OfferCsvRow
{
    public const string ExternalId = "externalId";
    public const string District = "district";
    public const string LastVerified = "lastVerified";

    /// <summary>Every column the import reads, spelt as documented; headers match them case-insensitively.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        ExternalId, "name", "organiser", "organiserWebsite", "organiserEmail", "organiserPhone", "description", "strategy", "type",
        "minAge", "maxAge", "targetGroups", "genderFocus", "languages", "runBy", "modes", "interests", "locationName", "street",
        "postcode", "city", "latitude", "longitude", District, "schedule", "scheduleNote", "cost", "costNote", "accessibility",
        "transport", "contactName", "contactRole", "contactPhone", "contactEmail", LastVerified,
    ];

    // The validator names fields by the input's shape ("Location.Postcode", "Schedule[0].Opens"); the report names the column.
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.OrdinalIgnoreCase)
    {
        ["organiser"] = "organiser",
        ["organiser.name"] = "organiser",
        ["organiser.website"] = "organiserWebsite",
        ["organiser.email"] = "organiserEmail",
        ["organiser.phone"] = "organiserPhone",
        ["location"] = "postcode",
        ["location.name"] = "locationName",
        ["location.street"] = "street",
        ["location.postcode"] = "postcode",
        ["location.city"] = "city",
        ["location.latitude"] = "latitude",
        ["location.longitude"] = "longitude",
        ["districtId"] = District,
        ["accessibilityNotes"] = "accessibility",
        ["transportNotes"] = "transport",
        ["contact"] = "contactName",
        ["contact.name"] = "contactName",
        ["contact.role"] = "contactRole",
        ["contact.phone"] = "contactPhone",
        ["contact.email"] = "contactEmail",
    };

    private static readonly Dictionary<string, DayOfWeek> DanishDays = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mandag"] = DayOfWeek.Monday,
        ["tirsdag"] = DayOfWeek.Tuesday,
        ["onsdag"] = DayOfWeek.Wednesday,
        ["torsdag"] = DayOfWeek.Thursday,
        ["fredag"] = DayOfWeek.Friday,
        ["lørdag"] = DayOfWeek.Saturday,
        ["søndag"] = DayOfWeek.Sunday,
    };

    /// <summary>The column a validation failure belongs to: "Schedule[1].Opens" → "schedule", "Location.Postcode" → "postcode".</summary>
    public static string ColumnOf(string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        var path = string.Join('.', propertyName.Split('.').Select(part => part.Split('[')[0]));
        if (ColumnOfField.TryGetValue(path, out var column))
        {
            return column;
        }

        var head = path.Split('.')[0];
        return Columns.FirstOrDefault(c => string.Equals(c, head, StringComparison.OrdinalIgnoreCase)) ?? head;
    }

    /// <summary>
    /// Reads one row. Values that cannot be read (an unknown strategy, "ten" as an age) are reported through
    /// <paramref name="error"/> and left out, so that the validator still checks the rest of the row.
    /// </summary>
    public static OfferInput ToInput(Func<string, string?> cell, Action<string, string> error)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(error);
        var modes = Many<OfferMode>(cell, "modes", error);
        return new OfferInput(
            cell(ExternalId),
            cell("name"),
            cell("description"),
            new OrganiserInput(cell("organiser"), cell("organiserWebsite"), cell("organiserEmail"), cell("organiserPhone")),
            One<InterventionStrategy>(cell, "strategy", error),
            One<OfferType>(cell, "type", error),
            Integer(cell, "minAge", error),
            Integer(cell, "maxAge", error),
            Many<TargetGroup>(cell, "targetGroups", error),
            One<GenderFocus>(cell, "genderFocus", error),
            cell("languages") is { } languages ? Split(languages).Select(l => l.ToLowerInvariant()).ToList() : null,
            One<OfferRunBy>(cell, "runBy", error),
            modes,
            Many<Interest>(cell, "interests", error),
            new LocationInput(
                cell("locationName"), cell("street"), cell("postcode"), cell("city"),
                Coordinate(cell, "latitude", error), Coordinate(cell, "longitude", error)),
            null,
            Schedule(cell, error),
            cell("scheduleNote"),
            Integer(cell, "cost", error),
            cell("costNote"),
            cell("accessibility"),
            cell("transport"),
            new ContactInput(cell("contactName"), cell("contactRole"), cell("contactPhone"), cell("contactEmail")));
    }

    private static T? One<T>(Func<string, string?> cell, string column, Action<string, string> error)
        where T : struct, Enum
    {
        if (cell(column) is not { } text)
        {
            return null;
        }

        if (Parse<T>(text) is { } value)
        {
            return value;
        }

        error(column, $"\"{text}\" is not one of {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }

    private static List<T>? Many<T>(Func<string, string?> cell, string column, Action<string, string> error)
        where T : struct, Enum
    {
        if (cell(column) is not { } text)
        {
            return null;
        }

        var values = new List<T>();
        foreach (var item in Split(text))
        {
            if (Parse<T>(item) is { } value)
            {
                values.Add(value);
            }
            else
            {
                error(column, $"\"{item}\" is not one of {string.Join(", ", Enum.GetNames<T>())}; separate several with |.");
            }
        }

        return values;
    }

    // By name only: Enum.TryParse would also take "3", which no spreadsheet means.
    private static T? Parse<T>(string text)
        where T : struct, Enum =>
        Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<T>(name)
            : null;

    private static int? Integer(Func<string, string?> cell, string column, Action<string, string> error)
    {
        if (cell(column) is not { } text)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error(column, column == "cost" ? "Give the cost in whole kroner, 0 for free." : "Give a whole number.");
        return null;
    }

    private static double? Coordinate(Func<string, string?> cell, string column, Action<string, string> error)
    {
        if (cell(column) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error(column, "Give decimal degrees such as 56.1572 (a decimal comma is read too).");
        return null;
    }

    /// <summary>"Monday 10:00-12:00|Thursday 14:00-16:00"; Danish day names and "9.30" are read too.</summary>
    private static List<SessionInput>? Schedule(Func<string, string?> cell, Action<string, string> error)
    {
        if (cell("schedule") is not { } text)
        {
            return null;
        }

        var sessions = new List<SessionInput>();
        foreach (var item in Split(text))
        {
            var parts = item.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var times = parts.Length == 2 ? parts[1].Replace('–', '-').Split('-', StringSplitOptions.TrimEntries) : [];
            DayOfWeek? day = parts.Length > 0 && DanishDays.TryGetValue(parts[0], out var danish) ? danish
                : parts.Length > 0 ? Parse<DayOfWeek>(parts[0]) : null;
            if (day is null || times.Length != 2)
            {
                error("schedule", $"\"{item}\" is not a session; write it as \"Monday 10:00-12:00\" and separate several with |.");
                continue;
            }

            sessions.Add(new SessionInput(day, Time(times[0]), Time(times[1])));
        }

        return sessions;
    }

    private static string Time(string text)
    {
        var time = text.Replace('.', ':');
        return time.Length == 4 && time[1] == ':' ? "0" + time : time;
    }

    private static string[] Split(string text) =>
        text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
