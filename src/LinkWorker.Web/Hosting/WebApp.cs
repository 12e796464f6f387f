using System.Text;
using LinkWorker.Application.Reports.ExportOutcomeReport;
using LinkWorker.Web.Components;
using LinkWorker.Web.Localization;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Hosting;

/// <summary>
/// The web app in the Api host: Razor components rendered on the server, a cookie session from an OpenID Connect
/// sign-in, and a policy scheme that keeps bearer tokens for /api (ADR 0017).
/// </summary>
public static class WebApp
{
    /// <summary>Chooses cookie or bearer per request; the default scheme of the host.</summary>
    public const string Scheme = "LinkWorker";

    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The Api host's bearer scheme (JwtBearerDefaults.AuthenticationScheme).</summary>
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddLinkWorkerWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddScoped<Text>();
        services.AddScoped<Forms.PageSender>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = Scheme;
                options.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie for pages, bearer for /api", options => options.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api") || context.Request.Headers.Authorization.Count > 0 ? BearerScheme : CookieScheme)
            .AddCookie(CookieScheme, options =>
            {
                options.Cookie.Name = "linkworker.web";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Web:SessionIdleMinutes", 30));
                options.SlidingExpiration = true;
                options.AccessDeniedPath = "/";
                options.Events.OnRedirectToLogin = context =>
                {
                    // A browser asking for a page signs in by OpenID Connect; anything else gets a plain 401.
                    if (context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                    {
                        return context.HttpContext.ChallengeAsync(OidcScheme, context.Properties);
                    }

                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            })
            .AddOpenIdConnect(OidcScheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IServiceProvider>((options, sp) => SignIn.Configure(options, configuration, sp));
        return services;
    }

    /// <summary>Call after UseAuthentication/UseAuthorization: language, antiforgery, static files and the pages.</summary>
    public static WebApplication MapLinkWorkerWeb(this WebApplication app)
    {
        // Only the pages speak Danish or English; the API's culture stays invariant.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api"),
            branch => branch.UseRequestLocalization(Languages.LocalizationOptions()));
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>();
        app.MapDirectoryDownloads();

        app.MapPost("/language", ([FromForm] string language, [FromForm] string? returnUrl, HttpContext context) =>
        {
            var culture = Languages.Normalize(language);
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous().ExcludeFromDescription();

        app.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieScheme);
            if (SignIn.HasEndSession(context))
            {
                await context.SignOutAsync(OidcScheme, new AuthenticationProperties { RedirectUri = "/signed-out" });
                return Results.Empty;
            }

            return Results.LocalRedirect("/signed-out");
        }).ExcludeFromDescription();

        MapOutcomeDownloads(app);
        return app;
    }

    // The de-identified CSV from the outcome page: the same request as /api/reports/outcomes.csv, with the page's
    // cookie session (the /api paths take bearer tokens only). Dates only in the address.
    private static void MapOutcomeDownloads(WebApplication app)
    {
        app.MapGet("/outcomes/report.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
            {
                var csv = await sender.Send(new ExportOutcomeReportQuery(from, to), ct);
                return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"outcomes-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            }).ExcludeFromDescription();
        app.MapGet("/outcomes/report-excel.csv", async (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
            {
                var csv = await sender.Send(new ExportOutcomeReportQuery(from, to) { ForDanishExcel = true }, ct);
                // The byte order mark makes Excel read UTF-8 (æ/ø/å), as the API's download does.
                return Results.File(
                    [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8", $"udfaldsrapport-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.csv");
            }).ExcludeFromDescription();
    }

    /// <summary>Only paths of this site: "/x" yes, "//evil" and "https://evil" no.</summary>
    internal static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
