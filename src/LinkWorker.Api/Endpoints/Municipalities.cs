using LinkWorker.Application.Municipalities.GetSettings;
using LinkWorker.Application.Municipalities.UpdateSettings;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Municipalities : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var settings = app.MapGroup("/api/municipality/settings").WithTags("Guides").RequireAuthorization();
        settings.MapGet("/", (ISender sender, CancellationToken ct) => sender.Send(new GetSettingsQuery(), ct))
            .WithSummary("The first-contact deadline (working days) and the unreachable threshold.");
        settings.MapPut("/", (UpdateSettingsCommand command, ISender sender, CancellationToken ct) => sender.Send(command, ct));
    }
}
