using LinkWorker.Application.Outcomes.GetTilsWording;
using LinkWorker.Application.Outcomes.ListOutcomes;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Outcomes.RecordParticipation;
using LinkWorker.Application.Outcomes.UpdateParticipation;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Outcomes : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Outcomes").RequireAuthorization();
        cases.MapGet("/outcomes", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListOutcomesQuery(id), ct))
            .WithSummary("The case's T-ILS measurements and community participation.");
        cases.MapPost("/outcomes", async (Guid id, RecordMeasurementCommand command, ISender sender, CancellationToken ct) =>
            {
                var measurement = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/outcomes", measurement);
            })
            .WithSummary("Record a T-ILS measurement (needs the MeasureOutcomes consent); answers 1–3 per item.");
        cases.MapPost("/participations", async (Guid id, RecordParticipationCommand command, ISender sender, CancellationToken ct) =>
        {
            var participation = await sender.Send(command with { CaseId = id }, ct);
            return TypedResults.Created($"/api/cases/{id}/outcomes", participation);
        });
        cases.MapPut("/participations/{participationId:guid}", (Guid id, Guid participationId, UpdateParticipationCommand command, ISender sender, CancellationToken ct) =>
            sender.Send(command with { CaseId = id, ParticipationId = participationId }, ct));

        app.MapGet("/api/outcomes/tils", (ISender sender, CancellationToken ct) => sender.Send(new GetTilsWordingQuery(), ct))
            .WithTags("Outcomes").RequireAuthorization()
            .WithSummary("The T-ILS items and answers in Danish and English, with their version.");
    }
}
