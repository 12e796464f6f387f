using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Routing;

namespace LinkWorker.Web.Localization;

/// <summary>
/// A routing decision's reasons in the page's language. Decisions store English sentences (the API's words); each is
/// read back as a code and values (<see cref="RoutingReason.Parse"/>) and worded from the resources
/// ("RoutingReason." + code). A coordinator's own words are shown as written.
/// </summary>
public static class RoutingReasons
{
    private static readonly Dictionary<string, Specialty> Specialties =
        Enum.GetValues<Specialty>().ToDictionary(RoutingPolicy.Label, StringComparer.Ordinal);

    public static string Describe(Text text, string reason) => Describe(text, RoutingReason.Parse(reason));

    private static string Describe(Text text, RoutingReason reason)
    {
        if (reason.Code == RoutingReason.FreeText)
        {
            return reason.Values[0];
        }

        var values = reason.Values.Select((value, i) => Value(text, reason.Code, i, value)).ToArray<object?>();
        return text.Format($"RoutingReason.{reason.Code}", values);
    }

    // Values that are themselves words of the API's vocabulary: a language code, specialties, the guides of a district.
    private static string Value(Text text, string code, int index, string value) => (code, index) switch
    {
        (RoutingReason.Speaks, 0) or (RoutingReason.NoGuideSpeaksLanguage, 1) => Language(text, value),
        (RoutingReason.Specialty, 0) => string.Join(", ", value.Split(", ").Select(label =>
            Specialties.TryGetValue(label, out var specialty) ? text.Of(specialty) : label)),
        (RoutingReason.DistrictFull, 1) => string.Join(", ", value.Split(", ").Select(item => Describe(text, RoutingReason.Parse(item, listItem: true)))),
        _ => value,
    };

    private static string Language(Text text, string code) => text[$"Language.{code}"] is var name && name != $"Language.{code}" ? name : code;
}
