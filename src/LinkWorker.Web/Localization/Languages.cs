using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;

namespace LinkWorker.Web.Localization;

/// <summary>Danish first, English second; the choice is remembered in the culture cookie.</summary>
public static class Languages
{
    public const string Danish = "da";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Danish, English];

    public static string Normalize(string? language) => language == English ? English : Danish;

    // By name: with invariant globalization every culture reports the invariant two-letter name.
    public static bool IsEnglish => CultureInfo.CurrentUICulture.Name.StartsWith(English, StringComparison.Ordinal);

    public static RequestLocalizationOptions LocalizationOptions()
    {
        // The host runs with invariant globalization: cultures carry names, not ICU data. Formats and sorting
        // are therefore our own (DanishFormat, DanishComparer), which also makes them the same on every server.
        var cultures = All.Select(name => new CultureInfo(name)).ToList();
        return new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Danish),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        };
    }
}
