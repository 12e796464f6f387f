using System.Text.Json;
using System.Text.Json.Serialization;
using LinkWorker.Application.Offers.ExportOffers;
using LinkWorker.Application.Offers.PrintOffers;
using LinkWorker.Domain.Calendar;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LinkWorker.Web.Hosting;

/// <summary>
/// The directory's files for the offer pages' links, with the signed-in session: the HSDS export as a download and
/// the printable list (A4). The same requests as GET /api/offers/export and /api/offers/print.
/// </summary>
internal static class DirectoryDownloads
{
    /// <summary>HSDS spells its fields in snake_case; absent values are left out (as the API writes them).</summary>
    private static readonly JsonSerializerOptions HsdsJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static void MapDirectoryDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/offers/export", async (ISender sender, TimeProvider clock, CancellationToken ct) =>
        {
            var services = await sender.Send(new ExportOffersQuery(), ct);
            var day = DanishTime.Today(clock).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return Results.File(JsonSerializer.SerializeToUtf8Bytes(services, HsdsJson), "application/json", $"tilbud-hsds-{day}.json");
        }).ExcludeFromDescription();

        app.MapGet("/offers/print", async (Guid? districtId, ISender sender, HttpContext context, CancellationToken ct) =>
        {
            var html = await sender.Send(new PrintOffersQuery(districtId, null, null), ct);
            // A page of its own (styles inline, A4 print rules): nothing else may load into it.
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
            return Results.Content(html, "text/html; charset=utf-8");
        }).ExcludeFromDescription();
    }
}
