using System.Text.Json;
using System.Text.Json.Serialization;
using LinkWorker.Api.Hosting;
using LinkWorker.Api.Security;
using LinkWorker.Application.Offers;
using LinkWorker.Application.Offers.ArchiveOffer;
using LinkWorker.Application.Offers.CreateOffer;
using LinkWorker.Application.Offers.ExportOffers;
using LinkWorker.Application.Offers.GetOffer;
using LinkWorker.Application.Offers.ImportOffers;
using LinkWorker.Application.Offers.ListOffers;
using LinkWorker.Application.Offers.PrintOffers;
using LinkWorker.Application.Offers.SearchOffers;
using LinkWorker.Application.Offers.UpdateOffer;
using LinkWorker.Application.Offers.VerifyOffer;
using LinkWorker.Domain.Offers;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>The directory of offers (Social Vejviser).</summary>
internal sealed class Offers : IEndpointGroup
{
    /// <summary>HSDS spells its fields in snake_case; absent values are left out.</summary>
    private static readonly JsonSerializerOptions HsdsJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Map(IEndpointRouteBuilder app)
    {
        var offers = app.MapGroup("/api/offers").WithTags("Directory").RequireAuthorization();
        offers.MapGet("/", (bool? stale, bool? includeArchived, ISender sender, CancellationToken ct) =>
                sender.Send(new ListOffersQuery(stale, includeArchived ?? false), ct))
            .AcceptsOnlyQuery("stale", "includeArchived")
            .WithSummary("The directory by name; stale=true lists the offers not verified within the municipality's limit.");
        offers.MapGet("/search", ([AsParameters] SearchParameters p, ISender sender, CancellationToken ct) =>
                sender.Send(new SearchOffersQuery(p.Q, p.Strategy, p.Type, p.Mode, p.DistrictId, p.Postcode, p.WithinKm, p.Age, p.Language, p.MaxCost, p.Day)
                {
                    Interests = p.Interest ?? [],
                }, ct))
            .AcceptsOnlyQuery<SearchParameters>()
            .WithSummary("Search: every criterion given filters (interest may repeat: any of them); best fit first, each result with its reasons. "
                + "Distance from the postcode's centre. Unknown parameters are refused.");
        offers.MapGet("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetOfferQuery(id), ct));
        offers.MapPost("/import", async (HttpRequest request, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new ImportOffersCommand(await OfferCsvBody.Read(request, ct)), ct)))
            .HonoursIdempotencyKey()
            .Accepts<string>(OfferCsvBody.ContentType)
            .WithMetadata(new BodySizeLimit(OfferCsvBody.MaxBytes))
            .WithSummary("Coordinator or directory administrator: import offers from CSV (UTF-8, ; or , delimited; columns in docs/directory-exchange.md). "
                + "Rows upsert by externalId; bad rows are reported by line and column and skipped. Honours Idempotency-Key.");
        offers.MapGet("/export", async (ISender sender, CancellationToken ct) =>
                TypedResults.Json(await sender.Send(new ExportOffersQuery(), ct), HsdsJson))
            .Produces<HsdsService[]>()
            .WithSummary("Coordinator or directory administrator: the directory as Open Referral HSDS 3.0 services (docs/directory-exchange.md).");
        offers.MapGet("/print", async ([AsParameters] PrintParameters p, ISender sender, HttpContext context, CancellationToken ct) =>
            {
                var html = await sender.Send(new PrintOffersQuery(p.DistrictId, p.Strategy, p.Type), ct);
                context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
                return TypedResults.Content(html, "text/html; charset=utf-8");
            })
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .AcceptsOnlyQuery<PrintParameters>()
            .WithSummary("A printable list in Danish for citizens without internet, by district; optionally one district, strategy or type. "
                + "Offers not verified within the municipality's limit are left out.");
        offers.MapPost("/", async (OfferInput offer, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(new CreateOfferCommand(offer), ct);
                return TypedResults.Created($"/api/offers/{view.Id}", view);
            })
            .HonoursIdempotencyKey()
            .WithSummary("Coordinator or directory administrator: add an offer (verified today by you). Honours Idempotency-Key.");
        offers.MapPut("/{id:guid}", (Guid id, OfferInput offer, ISender sender, CancellationToken ct) => sender.Send(new UpdateOfferCommand(id, offer), ct))
            .WithSummary("Replace an offer's details; send the version you read.");
        offers.MapPost("/{id:guid}/verify", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new VerifyOfferCommand(id), ct))
            .WithSummary("Record that you checked the offer with its organiser today.");
        offers.MapPost("/{id:guid}/archive", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ArchiveOfferCommand(id), ct))
            .WithSummary("The offer no longer runs; matches to it keep their history.");
    }

    internal sealed record PrintParameters(Guid? DistrictId, InterventionStrategy? Strategy, OfferType? Type);

    internal sealed record SearchParameters(
        string? Q, InterventionStrategy? Strategy, OfferType? Type, OfferMode? Mode, Guid? DistrictId, string? Postcode, double? WithinKm,
        int? Age, string? Language, int? MaxCost, DayOfWeek? Day, Interest[]? Interest);
}
