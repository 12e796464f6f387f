using LinkWorker.Application.Guides.CreateGuide;
using LinkWorker.Application.Guides.DeleteGuide;
using LinkWorker.Application.Guides.GetGuide;
using LinkWorker.Application.Guides.ListGuides;
using LinkWorker.Application.Guides.UpdateGuide;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Guides : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var guides = app.MapGroup("/api/guides").WithTags("Guides").RequireAuthorization();
        guides.MapGet("/", (ISender sender, CancellationToken ct) => sender.Send(new ListGuidesQuery(), ct))
            .WithSummary("The municipality's guides: capacity and load, districts, languages, specialties, absences.");
        guides.MapGet("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetGuideQuery(id), ct));
        guides.MapPost("/", async (CreateGuideCommand command, ISender sender, CancellationToken ct) =>
            {
                var guide = await sender.Send(command, ct);
                return TypedResults.Created($"/api/guides/{guide.Id}", guide);
            })
            .WithSummary("Make a staff account with the Guide role into a guide (by user name).");
        guides.MapPut("/{id:guid}", (Guid id, UpdateGuideCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { GuideId = id }, ct))
            .WithSummary("Replace a guide's profile; send the version you read.");
        guides.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new DeleteGuideCommand(id), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Remove a guide's profile; refused while they hold open cases.");
    }
}
