using LinkWorker.Application.Citizens.DecideRightsRequest;
using LinkWorker.Application.Citizens.FileRightsRequest;
using LinkWorker.Application.Citizens.GetAccessRecord;
using LinkWorker.Application.Citizens.ListRightsRequests;
using LinkWorker.Application.Citizens.RectifyCitizen;
using LinkWorker.Domain.Citizens;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>The citizen's rights (ADR 27): access, rectification, erasure and restriction. Addressed by id, never by CPR number.</summary>
internal sealed class Citizens : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var citizens = app.MapGroup("/api/citizens/{id:guid}").WithTags("Citizens' rights").RequireAuthorization();
        citizens.MapGet("/access-record", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetAccessRecordQuery(id), ct))
            .WithSummary("Coordinator: everything held about the citizen, with who read or changed it and when (GDPR art. 15). Audited.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        citizens.MapPost("/rectifications", (Guid id, RectifyCitizenCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CitizenId = id }, ct))
            .HonoursIdempotencyKey()
            .WithSummary("Coordinator: correct name or contact details with a reason; each earlier value is kept (GDPR art. 16).")
            .ProducesValidationProblem();
        citizens.MapPost("/rights-requests", async (Guid id, FileRightsRequestCommand command, ISender sender, CancellationToken ct) =>
            {
                var request = await sender.Send(command with { CitizenId = id }, ct);
                return TypedResults.Created($"/api/rights-requests/{request.Id}", request);
            })
            .HonoursIdempotencyKey()
            .WithSummary("Coordinator: file an erasure, restriction or lift-restriction request with its reason; a different coordinator decides.")
            .ProducesValidationProblem();

        var requests = app.MapGroup("/api/rights-requests").WithTags("Citizens' rights").RequireAuthorization();
        requests.MapGet("", (RightsRequestStatus? status, ISender sender, CancellationToken ct) =>
                sender.Send(new ListRightsRequestsQuery(status ?? RightsRequestStatus.Pending), ct))
            .WithSummary("Coordinator: the municipality's requests, by status (Pending by default).");
        requests.MapPost("/{requestId:guid}/decision", (Guid requestId, DecideRightsRequestCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { RequestId = requestId }, ct))
            .WithSummary("A coordinator other than the requester approves (the erasure or restriction happens now) or rejects with a note.")
            .ProducesValidationProblem();
    }
}
