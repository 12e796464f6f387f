using LinkWorker.Application.Cases.AssignCase;
using LinkWorker.Application.Cases.CloseCase;
using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Application.Cases.GetCaseAudit;
using LinkWorker.Application.Cases.HandBackCase;
using LinkWorker.Application.Cases.ReassignGuideCases;
using LinkWorker.Application.Cases.RecordContactAttempt;
using LinkWorker.Application.Cases.RecordInterests;
using LinkWorker.Application.Cases.ReopenCase;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Cases : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
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
        cases.MapPut("/interests", (Guid id, RecordInterestsCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id }, ct))
            .WithSummary("The citizen's interests (needs the notes consent); matching starts from them.");
        cases.MapGet("/audit", (Guid id, [AsParameters] CaseAuditParameters p, ISender sender, CancellationToken ct) =>
                sender.Send(new GetCaseAuditQuery(id, p.Person, p.Action, p.From, p.Before, p.Cursor, p.PageSize), ct))
            .WithSummary("Coordinator: every read and write of this case's data, newest first. Filters: person (a user id, or 'system'), action (a request name such as GetCase), from (inclusive), before (exclusive). Paged: pageSize (default 50, at most 200), cursor = the previous page's nextCursor.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Not under /api/cases/{id}: it moves every open case of a guide.
        app.MapPost("/api/guides/{id:guid}/reassign-cases", (Guid id, ReassignGuideCasesCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { FromGuideId = id }, ct))
            .WithTags("Cases").RequireAuthorization()
            .HonoursIdempotencyKey()
            .WithSummary("Coordinator: move every open case of this guide (away, leaving) to another guide, with a reason; all or nothing. Honours Idempotency-Key.")
            .ProducesValidationProblem();
    }

    internal sealed record CaseAuditParameters(string? Person, string? Action, DateTimeOffset? From, DateTimeOffset? Before, string? Cursor, int? PageSize);
}
