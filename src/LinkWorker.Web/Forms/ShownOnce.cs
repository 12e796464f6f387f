using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Forms;

/// <summary>
/// A secret shown to the person who made it on the page after the redirect, and never again: it travels in a
/// short-lived, encrypted, HttpOnly cookie for that one page, which the page deletes as it reads it. Nothing is
/// stored on the server, no secret is in a URL, and reloading the page shows nothing.
/// </summary>
public static class ShownOnce
{
    private const string Purpose = "LinkWorker.Web.ShownOnce";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static void Keep<T>(HttpContext context, string path, string cookieName, T value)
    {
        ArgumentNullException.ThrowIfNull(context);
        var protector = Protector(context);
        var payload = JsonSerializer.Serialize(new Envelope<T>(Owner(context), value));
        context.Response.Cookies.Append(cookieName, protector.Protect(payload, Lifetime), new CookieOptions
        {
            Path = path,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = Lifetime,
            IsEssential = true,
        });
    }

    /// <summary>The value kept for this person, once; default when there is none (already shown, expired, someone else's).</summary>
    public static T? Take<T>(HttpContext context, string path, string cookieName)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Cookies.TryGetValue(cookieName, out var protectedValue) || protectedValue is null)
        {
            return default;
        }

        if (!context.Response.HasStarted)
        {
            context.Response.Cookies.Delete(cookieName, new CookieOptions { Path = path, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
        }

        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<T>>(Protector(context).Unprotect(protectedValue));
            return envelope is not null && envelope.Owner == Owner(context) ? envelope.Value : default;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return default;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();

    private static string Owner(HttpContext context) => context.User.FindFirst("sub")?.Value ?? "";

    private sealed record Envelope<T>(string Owner, T Value);
}
