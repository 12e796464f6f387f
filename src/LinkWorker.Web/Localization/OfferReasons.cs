using System.Globalization;
using LinkWorker.Domain.Offers;

namespace LinkWorker.Web.Localization;

/// <summary>
/// Why an offer is suggested, in the page's language: each reason's code worded from the resources
/// ("OfferReason." + code), its values (interests, target groups, a weekday, a language, a distance, a date)
/// translated or formatted for the reader. The API keeps the English sentences.
/// </summary>
public static class OfferReasons
{
    public static string Describe(Text text, OfferReason reason)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(reason);
        var values = reason.Values.Select((value, i) => Value(text, reason.Code, i, value)).ToArray<object?>();
        return text.Format($"OfferReason.{reason.Code}", values);
    }

    private static string Value(Text text, string code, int index, string value) => (code, index) switch
    {
        (OfferReason.SharesInterests, 0) => Names<Interest>(text, value),
        (OfferReason.ForGroups, 0) => Names<TargetGroup>(text, value),
        // Danish writes a weekday in lower case inside a sentence.
        (OfferReason.Meets, 0) when Enum.TryParse<DayOfWeek>(value, out var day) => Languages.IsEnglish ? text.Of(day) : text.Of(day).ToLowerInvariant(),
        (OfferReason.HeldIn or OfferReason.NotHeldIn, 0) => Language(text, value),
        // The app runs with invariant globalization: a Danish decimal comma is written here.
        (OfferReason.Distance, 0) => Languages.IsEnglish ? value : value.Replace('.', ','),
        (OfferReason.NotVerifiedSince, 0) when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) =>
            DanishFormat.Date(date),
        _ => value,
    };

    private static string Names<TEnum>(Text text, string names)
        where TEnum : struct, Enum =>
        string.Join(", ", names.Split(',').Select(name => Enum.TryParse<TEnum>(name, out var value) ? text.Of(value).ToLowerInvariant() : name));

    private static string Language(Text text, string code) => text[$"Language.{code}"] is var name && name != $"Language.{code}" ? name : code;
}
