using LinkWorker.Application.Matches.AdvanceMatch;
using LinkWorker.Application.Matches.HandOverMatch;
using LinkWorker.Application.Matches.RecordMatch;
using LinkWorker.Application.Matches.SuggestOffers;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>Matching citizens to directory offers.</summary>
internal sealed class Matches : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Directory").RequireAuthorization();
        cases.MapGet("/offer-suggestions", (Guid id, int? limit, ISender sender, CancellationToken ct) => sender.Send(new SuggestOffersQuery(id, limit), ct))
            .WithSummary("Offers for this citizen, best fit first, with reasons: interests, age, language, place and practical needs.");
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
    }
}
