using LinkWorker.Application.Referrals;
using LinkWorker.Application.Referrals.GetReferral;
using LinkWorker.Application.Referrals.ListReferrals;
using LinkWorker.Application.Referrals.SubmitReferral;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Referrals : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals").RequireAuthorization();

        referrals.MapPost("/", async (SubmitReferralCommand command, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(command, ct);
                return TypedResults.Created($"/api/referrals/{result.ReferralId}", result);
            })
            .HonoursIdempotencyKey()
            .WithSummary("Submit a referral with the citizen's consent. Honours Idempotency-Key (kept 24 hours).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        referrals.MapGet("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetReferralQuery(id), ct))
            .WithSummary("A referral's status view: received, assigned, contacted, in progress, closed. Never notes.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        referrals.MapGet("/", ([AsParameters] ListReferralsParameters p, ISender sender, CancellationToken ct) =>
                sender.Send(new ListReferralsQuery(p.Status, p.From, p.To, p.Cursor, p.PageSize), ct))
            .WithSummary("Referrers: their own referrals. Coordinators: the municipality's. Newest first. Paged: pageSize (default 50, at most 200), cursor = the previous page's nextCursor.")
            .ProducesValidationProblem();
    }

    internal sealed record ListReferralsParameters(ReferralStatus? Status, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int? PageSize);
}
