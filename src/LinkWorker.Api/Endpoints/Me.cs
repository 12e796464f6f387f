using LinkWorker.Application.Me.GetMe;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Me : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/me", (ISender sender, CancellationToken ct) => sender.Send(new GetMeQuery(), ct))
            .WithTags("Auth")
            .WithSummary("The signed-in user: id, name, roles, municipality, organisation.")
            .RequireAuthorization();
}
