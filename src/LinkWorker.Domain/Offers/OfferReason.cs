using System.Globalization;

namespace LinkWorker.Domain.Offers;

/// <summary>
/// One reason an offer fits a search or a citizen (or fits less), as a code and its values. The API returns the
/// English sentence <see cref="Text"/>; the web app words the code in the reader's language. Values that are the
/// API's vocabulary (interests, target groups, a weekday, a language code) are kept as their names so a reader can
/// translate them.
/// </summary>
public sealed record OfferReason(string Code, IReadOnlyList<string> Values)
{
    public const string NameMatches = "NameMatches";
    public const string DescriptionMentions = "DescriptionMentions";
    public const string InDistrict = "InDistrict";
    public const string InCitizensDistrict = "InCitizensDistrict";
    public const string Distance = "Distance";
    public const string FarForTransport = "FarForTransport";
    public const string NoTravel = "NoTravel";
    public const string Transport = "Transport";
    public const string Ages = "Ages";
    public const string AgesFrom = "AgesFrom";
    public const string AgesUpTo = "AgesUpTo";
    public const string HeldIn = "HeldIn";
    public const string NotHeldIn = "NotHeldIn";
    public const string Free = "Free";
    public const string Costs = "Costs";
    public const string Meets = "Meets";
    public const string SharesInterests = "SharesInterests";
    public const string ForGroups = "ForGroups";
    public const string Accessibility = "Accessibility";
    public const string OnlineOnly = "OnlineOnly";
    public const string NotVerifiedSince = "NotVerifiedSince";

    /// <summary>The English sentence of each code (the API's words, unchanged since before the codes existed).</summary>
    public static readonly IReadOnlyDictionary<string, string> Formats = new Dictionary<string, string>
    {
        [NameMatches] = "name matches \"{0}\"",
        [DescriptionMentions] = "description mentions \"{0}\"",
        [InDistrict] = "in district {0}",
        [InCitizensDistrict] = "in the citizen's district {0}",
        [Distance] = "{0} km away",
        [FarForTransport] = "far for someone who needs transport",
        [NoTravel] = "no travel needed",
        [Transport] = "transport: {0}",
        [Ages] = "for ages {0}–{1}",
        [AgesFrom] = "for ages {0}+",
        [AgesUpTo] = "for ages up to {0}",
        [HeldIn] = "held in {0}",
        [NotHeldIn] = "not held in {0}",
        [Free] = "free",
        [Costs] = "costs {0} kr.",
        [Meets] = "meets on {0} {1}–{2}",
        [SharesInterests] = "shares interests: {0}",
        [ForGroups] = "for {0}",
        [Accessibility] = "accessibility: {0}",
        [OnlineOnly] = "online only",
        [NotVerifiedSince] = "not verified since {0}",
    };

    public static OfferReason Of(string code, params string[] values) => new(code, values);

    /// <summary>The English sentence, as the API returns it.</summary>
    public string Text => string.Format(CultureInfo.InvariantCulture, Formats[Code], [.. Values.Select(English)]);

    // Interests and target groups are names ("MentalHealth"); the English sentence reads them as words.
    private string English(string value) => Code is SharesInterests or ForGroups
        ? string.Join(", ", value.Split(',').Select(name => OfferMatching.Words(name)))
        : value;
}
