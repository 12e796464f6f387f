using LinkWorker.Application.Common.Texts;
using Microsoft.AspNetCore.Http.Headers;

namespace LinkWorker.Api.Security;

/// <summary>
/// A request's language from its Accept-Language header: English when an English tag ranks above every Danish one,
/// otherwise Danish (also without the header, or for languages LinkWorker does not speak).
/// </summary>
internal static class RequestLanguage
{
    public static Language Of(HttpRequest request)
    {
        // The web pages' language switch (a culture cookie, applied to the pages only) decides for them.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>() is { } page)
        {
            return page.RequestCulture.UICulture.Name.StartsWith("en", StringComparison.Ordinal) ? Language.English : Language.Danish;
        }

        IList<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> ranked;
        try
        {
            ranked = new RequestHeaders(request.Headers).AcceptLanguage;
        }
        catch (FormatException)
        {
            return Language.Danish;
        }

        foreach (var tag in ranked.Where(t => t.Quality is not 0).OrderByDescending(t => t.Quality ?? 1))
        {
            var value = tag.Value.Value ?? "";
            if (value.StartsWith("da", StringComparison.OrdinalIgnoreCase))
            {
                return Language.Danish;
            }

            if (value.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return Language.English;
            }
        }

        return Language.Danish;
    }
}
