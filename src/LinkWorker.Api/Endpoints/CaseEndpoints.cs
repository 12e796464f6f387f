using LinkWorker.Application.Cases.AssignCase;
using LinkWorker.Application.Cases.CloseCase;
using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Application.Cases.HandBackCase;
using LinkWorker.Application.Cases.RecordContactAttempt;
using LinkWorker.Application.Cases.ReopenCase;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Queues.GetQueue;
using LinkWorker.Application.Queues.GetTriage;

namespace LinkWorker.Api.Endpoints;

internal sealed class CaseEndpoints : IEndpointGroup
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

        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Cases").RequireAuthorization();
        cases.MapGet("/", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetCaseQuery(id), ct))
            .WithSummary("The case with citizen, referrals, routing decisions and their reasons, contact attempts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cases.MapPost("/assign", (Guid id, AssignCaseCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("Coordinator: assign or reassign to a guide, with a reason.");
        cases.MapPost("/hand-back", (Guid id, HandBackCaseCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("Guide: give the case back to triage, with a reason.");
        cases.MapPost("/contact-attempts", (Guid id, RecordContactAttemptCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("Guide: log a try to reach the citizen; the first success marks the case contacted.");
        cases.MapPost("/close", (Guid id, CloseCaseCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("Close with a reason: InCommunity, Declined, Unreachable, Redirected, MovedAway, Deceased.");
        cases.MapPost("/reopen", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ReopenCaseCommand { CaseId = id }, ct))
            .WithSummary("Reopen; routing runs again and prefers the citizen's earlier guide.");
    }
}
