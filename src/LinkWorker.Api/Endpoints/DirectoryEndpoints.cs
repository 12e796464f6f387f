using System.Text.Json;
using System.Text.Json.Serialization;
using LinkWorker.Api.Hosting;
using LinkWorker.Api.Security;
using LinkWorker.Application.Cases.RecordInterests;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Matches.AdvanceMatch;
using LinkWorker.Application.Matches.HandOverMatch;
using LinkWorker.Application.Matches.RecordMatch;
using LinkWorker.Application.Matches.SuggestOffers;
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
using LinkWorker.Application.Reports.GetDirectoryGaps;
using LinkWorker.Domain.Offers;
using Microsoft.AspNetCore.Mvc;

namespace LinkWorker.Api.Endpoints;

/// <summary>The directory of offers (Social Vejviser), matching citizens to offers, and the gaps report.</summary>
internal sealed class DirectoryEndpoints : IEndpointGroup
{
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
        offers.MapPost("/import", async (
                HttpRequest request, [FromHeader(Name = ReferralEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
                ISender sender, IdempotencyScope idempotency, CancellationToken ct) =>
            {
                var csv = await OfferCsvBody.Read(request, ct);
                var result = await sender.Send(new ImportOffersCommand(csv) { IdempotencyKey = ReferralEndpoints.Unquote(idempotencyKey) }, ct);
                if (idempotency.Replayed)
                {
                    request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return TypedResults.Ok(result);
            })
            .Accepts<string>(OfferCsvBody.ContentType)
            .WithMetadata(new BodySizeLimit(OfferCsvBody.MaxBytes))
            .WithSummary("Coordinator or directory administrator: import offers from CSV (UTF-8, ; or , delimited; columns in docs/directory-exchange.md). "
                + "Rows upsert by externalId; bad rows are reported by line and column and skipped. Honours Idempotency-Key.");
        offers.MapGet("/export", async (ISender sender, CancellationToken ct) =>
                TypedResults.Json(await sender.Send(new ExportOffersQuery(), ct), HsdsJson))
            .WithSummary("Coordinator or directory administrator: the directory as Open Referral HSDS 3.0 services (docs/directory-exchange.md).");
        offers.MapGet("/print", async ([AsParameters] PrintParameters p, ISender sender, HttpContext context, CancellationToken ct) =>
            {
                var html = await sender.Send(new PrintOffersQuery(p.DistrictId, p.Strategy, p.Type), ct);
                context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
                return TypedResults.Content(html, "text/html; charset=utf-8");
            })
            .AcceptsOnlyQuery<PrintParameters>()
            .WithSummary("A printable list in Danish for citizens without internet, by district; optionally one district, strategy or type. "
                + "Offers not verified within the municipality's limit are left out.");
        offers.MapPost("/", async (
                OfferInput offer, [FromHeader(Name = ReferralEndpoints.IdempotencyKeyHeader)] string? idempotencyKey,
                ISender sender, IdempotencyScope idempotency, HttpContext context, CancellationToken ct) =>
            {
                var view = await sender.Send(new CreateOfferCommand(offer) { IdempotencyKey = ReferralEndpoints.Unquote(idempotencyKey) }, ct);
                if (idempotency.Replayed)
                {
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                }

                return TypedResults.Created($"/api/offers/{view.Id}", view);
            })
            .WithSummary("Coordinator or directory administrator: add an offer (verified today by you). Honours Idempotency-Key.");
        offers.MapPut("/{id:guid}", (Guid id, OfferInput offer, ISender sender, CancellationToken ct) => sender.Send(new UpdateOfferCommand(id, offer), ct))
            .WithSummary("Replace an offer's details; send the version you read.");
        offers.MapPost("/{id:guid}/verify", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new VerifyOfferCommand(id), ct))
            .WithSummary("Record that you checked the offer with its organiser today.");
        offers.MapPost("/{id:guid}/archive", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ArchiveOfferCommand(id), ct))
            .WithSummary("The offer no longer runs; matches to it keep their history.");

        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Directory").RequireAuthorization();
        cases.MapGet("/offer-suggestions", (Guid id, int? limit, ISender sender, CancellationToken ct) => sender.Send(new SuggestOffersQuery(id, limit), ct))
            .WithSummary("Offers for this citizen, best fit first, with reasons: interests, age, language, place and practical needs.");
        cases.MapPut("/interests", (Guid id, RecordInterestsCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("The citizen's interests (needs the notes consent); matching starts from them.");
        cases.MapPost("/matches", async (Guid id, RecordMatchCommand command, ISender sender, CancellationToken ct) =>
            {
                var match = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/outcomes", match);
            })
            .WithSummary("Match the citizen to a directory offer (status Suggested).");
        cases.MapPost("/matches/{matchId:guid}/status", (Guid id, Guid matchId, AdvanceMatchCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id, MatchId = matchId }, ct))
            .WithSummary("Move the match on: OrganiserContacted, WentAlong, Attending, Stopped (with a reason); send the version you read.");
        cases.MapPost("/matches/{matchId:guid}/hand-over", (Guid id, Guid matchId, ISender sender, CancellationToken ct) =>
                sender.Send(new HandOverMatchCommand { CaseId = id, MatchId = matchId }, ct))
            .WithSummary("Hand the citizen's contact details to the offer's contact person; needs the ShareWithPartner consent.");

        app.MapGet("/api/reports/directory-gaps", (DateOnly? from, DateOnly? to, ISender sender, CancellationToken ct) =>
                sender.Send(new GetDirectoryGapsQuery(from, to), ct))
            .AcceptsOnlyQuery("from", "to")
            .WithTags("Directory").RequireAuthorization()
            .WithSummary("Coordinator: referrals in [from, to) by district, age band and language, with the offers that fit; gaps first.");
    }

    internal sealed record PrintParameters(Guid? DistrictId, InterventionStrategy? Strategy, OfferType? Type);

    /// <summary>HSDS spells its fields in snake_case; absent values are left out.</summary>
    private static readonly JsonSerializerOptions HsdsJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal sealed record SearchParameters(
        string? Q, InterventionStrategy? Strategy, OfferType? Type, OfferMode? Mode, Guid? DistrictId, string? Postcode, double? WithinKm,
        int? Age, string? Language, int? MaxCost, DayOfWeek? Day, Interest[]? Interest);
}
