namespace LinkWorker.Domain.Municipalities;

/// <summary>
/// The region each of the 98 Danish municipalities (by its four-digit code) belongs to, as HSDS's
/// <c>state_province</c> asks. Fixed since the 2007 reform; Region Hovedstaden and Region Sjælland become Region
/// Østdanmark on 1 January 2027, when this table changes with them.
/// </summary>
public static class DanishRegions
{
    private static readonly Dictionary<string, string> Regions = Build(
        ("Region Hovedstaden", [101, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169, 173, 175, 183, 185, 187, 190, 201, 210, 217, 219, 223, 230, 240, 250, 260, 270, 400]),
        ("Region Sjælland", [253, 259, 265, 269, 306, 316, 320, 326, 329, 330, 336, 340, 350, 360, 370, 376, 390]),
        ("Region Syddanmark", [410, 420, 430, 440, 450, 461, 479, 480, 482, 492, 510, 530, 540, 550, 561, 563, 573, 575, 580, 607, 621, 630]),
        ("Region Midtjylland", [615, 657, 661, 665, 671, 706, 707, 710, 727, 730, 740, 741, 746, 751, 756, 760, 766, 779, 791]),
        ("Region Nordjylland", [773, 787, 810, 813, 820, 825, 840, 846, 849, 851, 860]));

    /// <summary>All municipality codes known, for tests.</summary>
    public static IReadOnlyCollection<string> MunicipalityCodes => Regions.Keys;

    /// <summary>"0751" → "Region Midtjylland"; null for a code that is not a Danish municipality.</summary>
    public static string? Of(string municipalityCode) => Regions.GetValueOrDefault(municipalityCode);

    private static Dictionary<string, string> Build(params (string Region, int[] Codes)[] regions) =>
        regions.SelectMany(r => r.Codes.Select(code => (Code: code.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), r.Region)))
            .ToDictionary(x => x.Code, x => x.Region, StringComparer.Ordinal);
}
