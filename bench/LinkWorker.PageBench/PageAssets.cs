using System.Net;
using System.Text.RegularExpressions;

namespace LinkWorker.PageBench;

/// <summary>The scripts and stylesheets a page's HTML makes a browser load: &lt;script src&gt; and &lt;link rel=stylesheet&gt;.</summary>
internal static partial class PageAssets
{
    public static IReadOnlyList<string> Find(string html)
    {
        var urls = new List<string>();
        foreach (Match tag in LinkTag().Matches(html))
        {
            if (Attribute(tag.Value, "rel") is { } rel && rel.Split(' ').Contains("stylesheet", StringComparer.OrdinalIgnoreCase)
                && Attribute(tag.Value, "href") is { Length: > 0 } href)
            {
                urls.Add(href);
            }
        }

        foreach (Match tag in ScriptTag().Matches(html))
        {
            if (Attribute(tag.Value, "src") is { Length: > 0 } src)
            {
                urls.Add(src);
            }
        }

        return urls.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string? Attribute(string tag, string name)
    {
        foreach (Match attribute in AttributePair().Matches(tag))
        {
            if (attribute.Groups["name"].Value.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return WebUtility.HtmlDecode(attribute.Groups["value"].Value);
            }
        }

        return null;
    }

    [GeneratedRegex("<link\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LinkTag();

    [GeneratedRegex("<script\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""(?<name>[\w-]+)\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s>]+))""")]
    private static partial Regex AttributePair();
}
