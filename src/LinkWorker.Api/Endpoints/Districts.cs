using LinkWorker.Application.Districts.ListDistricts;
using LinkWorker.Application.Districts.SaveDistrict;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Districts : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var districts = app.MapGroup("/api/districts").WithTags("Guides").RequireAuthorization();
        districts.MapGet("/", (ISender sender, CancellationToken ct) => sender.Send(new ListDistrictsQuery(), ct));
        districts.MapPost("/", async (SaveDistrictCommand command, ISender sender, CancellationToken ct) =>
        {
            var district = await sender.Send(command with { DistrictId = null }, ct);
            return TypedResults.Created($"/api/districts/{district.Id}", district);
        });
        districts.MapPut("/{id:guid}", (Guid id, SaveDistrictCommand command, ISender sender, CancellationToken ct) =>
            sender.Send(command with { DistrictId = id }, ct));
    }
}
