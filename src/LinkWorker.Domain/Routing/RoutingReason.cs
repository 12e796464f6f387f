using System.Globalization;
using System.Text.RegularExpressions;

namespace LinkWorker.Domain.Routing;

/// <summary>
/// One reason for a routing decision as a code and its values. Decisions store (and the API returns) the English
/// sentence <see cref="Text"/>; a reader in another language gets the code back with <see cref="Parse"/> — also for
/// decisions stored before the codes existed, since the sentences have always had these shapes — and words it in
/// their own language. A sentence of no known shape (a coordinator's own words) is <see cref="FreeText"/>.
/// </summary>
public sealed partial record RoutingReason(string Code, IReadOnlyList<string> Values)
{
    public const string SelfReferral = "SelfReferral";
    public const string SelfReferralToTriage = "SelfReferralToTriage";
    public const string ContinuityPrevious = "ContinuityPrevious";
    public const string ContinuityCover = "ContinuityCover";
    public const string NoDistrict = "NoDistrict";
    public const string NoGuideInDistrict = "NoGuideInDistrict";
    public const string DistrictFull = "DistrictFull";
    public const string NoGuideSpeaksLanguage = "NoGuideSpeaksLanguage";
    public const string District = "District";
    public const string Speaks = "Speaks";
    public const string Specialty = "Specialty";
    public const string AbsentCover = "AbsentCover";
    public const string Load = "Load";
    public const string HandedBack = "HandedBack";
    public const string GuideInactive = "GuideInactive";
    public const string GuideAbsent = "GuideAbsent";
    public const string GuideLoad = "GuideLoad";

    /// <summary>Words that are not one of the shapes below: shown as they are.</summary>
    public const string FreeText = "FreeText";

    /// <summary>The English shapes, most specific first (the first whole match wins when reading back).</summary>
    public static readonly IReadOnlyList<(string Code, string Format)> Shapes =
    [
        (SelfReferralToTriage, "self-referral: {0} chose triage"),
        (SelfReferral, "self-referral: registered by {0}"),
        (ContinuityPrevious, "continuity: the citizen's guide before"),
        (ContinuityCover, "continuity: {0} absent until {1}; cover {2}"),
        (NoDistrict, "postcode {0} is in no district of this municipality"),
        (NoGuideInDistrict, "no guide covers district {0}"),
        (DistrictFull, "every guide in district {0} is full, absent or inactive ({1})"),
        (NoGuideSpeaksLanguage, "no guide with capacity in district {0} speaks {1}, and the citizen needs an interpreter"),
        (HandedBack, "handed back by the guide: {0}"),
        (AbsentCover, "{0} absent until {1}; cover {2}"),
        (Load, "{0} of {1} cases"),
        (District, "district {0}"),
        (Speaks, "speaks {0}"),
        (Specialty, "specialty {0}"),
        (GuideLoad, "{0} {1} of {2} cases"),
        (GuideInactive, "{0} inactive"),
        (GuideAbsent, "{0} absent"),
    ];

    /// <summary>The shapes of the guides listed in <see cref="DistrictFull"/>'s second value, separated by ", ".</summary>
    private static readonly string[] ListItems = [GuideLoad, GuideInactive, GuideAbsent];

    // Counts are digits, so "Anna Berg 3 of 5 cases" reads as a name and a load.
    private static readonly IReadOnlyList<(string Code, Regex Pattern)> Patterns =
        [.. Shapes.Select(s => (s.Code, new Regex(
            "^" + Placeholder().Replace(Regex.Escape(s.Format), m => IsCount(s.Code, m.Value[^2]) ? @"(\d+)" : "(.+?)") + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))];

    /// <summary>The English sentence, as stored and as the API returns it.</summary>
    public string Text => Code == FreeText
        ? Values[0]
        : string.Format(CultureInfo.InvariantCulture, Shapes.First(s => s.Code == Code).Format, [.. Values]);

    public static RoutingReason Of(string code, params string[] values) => new(code, values);

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>The date of an absence as a coordinator reads it: 31.12.2026.</summary>
    public static string Date(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// The code and values of a stored sentence; <see cref="FreeText"/> when it has no known shape. With
    /// <paramref name="listItem"/>, one guide of <see cref="DistrictFull"/>'s list ("Anna 3 of 5 cases", "Bo absent").
    /// </summary>
    public static RoutingReason Parse(string text, bool listItem = false)
    {
        foreach (var (code, pattern) in Patterns.Where(p => ListItems.Contains(p.Code) == listItem))
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                return new RoutingReason(code, [.. match.Groups.Cast<Group>().Skip(1).Select(g => g.Value)]);
            }
        }

        return new RoutingReason(FreeText, [text]);
    }

    public override string ToString() => Text;

    // Equal by value, values included (a record compares lists by reference).
    public bool Equals(RoutingReason? other) => other is not null && Code == other.Code && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Code, Values.Count);

    private static bool IsCount(string code, char index) => (code, index) is (Load, '0' or '1') or (GuideLoad, '1' or '2');

    [GeneratedRegex(@"\\\{\d\}|\{\d\}")]
    private static partial Regex Placeholder();
}
