using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("da")]

namespace LinkWorker.Web.Localization;

/// <summary>The texts a person reads, from Resources/Texts.resx (Danish) and Texts.en.resx (English).</summary>
public sealed class Text
{
    private static readonly ResourceManager Resources = new("LinkWorker.Web.Resources.Texts", typeof(Text).Assembly);

    /// <summary>The text for the key in the current language; the key itself when there is none (visible in tests).</summary>
    public string this[string key] => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public string Format(string key, params object?[] args) => string.Format(CultureInfo.CurrentCulture, this[key], args);

    /// <summary>An enum value's name for people: the key "TypeName.Value".</summary>
    public string Of<T>(T value)
        where T : struct, Enum => this[$"{typeof(T).Name}.{value}"];

    /// <summary>A validator's English message in the current language, when there is a translation ("v:" + message).</summary>
    public static string Message(string message) => Resources.GetString("v:" + message, CultureInfo.CurrentUICulture) ?? message;
}
