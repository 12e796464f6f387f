namespace LinkWorker.Web.Localization;

/// <summary>Option lists for forms, in the page's language.</summary>
public static class ChoiceLists
{
    public static IReadOnlyList<(string Value, string Label)> Of<T>(Text text)
        where T : struct, Enum => Enum.GetValues<T>().Select(v => (v.ToString(), text.Of(v))).ToList();

    private static readonly string[] LanguageCodes = ["da", "en", "ar", "de", "fa", "fo", "kl", "pl", "so", "tr", "uk", "ur", "ro", "ti"];

    /// <summary>Languages by their name in the page's language, in Danish alphabetical order; Danish first.</summary>
    public static IReadOnlyList<(string Value, string Label)> Languages(Text text) =>
        LanguageCodes.Select(code => (Value: code, Label: text[$"Language.{code}"]))
            .OrderBy(l => l.Value == "da" ? 0 : 1)
            .ThenBy(l => l.Label, DanishComparer.Instance)
            .ToList();
}
