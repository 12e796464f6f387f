using LinkWorker.Application.Queues.GetQueue;
using LinkWorker.Application.Queues.GetTriage;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Queues : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/api/queue", (string? cursor, int? pageSize, ISender sender, CancellationToken ct) => sender.Send(new GetQueueQuery(cursor, pageSize), ct))
            .WithTags("Cases").RequireAuthorization()
            .WithSummary("The guide's own new and active cases, overdue first contacts first, then the most urgent. Paged: pageSize (default 50, at most 200), cursor = the previous page's nextCursor.")
            .ProducesValidationProblem();
        app.MapGet("/api/triage", (string? cursor, int? pageSize, ISender sender, CancellationToken ct) => sender.Send(new GetTriageQuery(cursor, pageSize), ct))
            .WithTags("Cases").RequireAuthorization()
            .WithSummary("Cases no routing rule could place, with the reason. Paged like the queue.")
            .ProducesValidationProblem();
    }
}
