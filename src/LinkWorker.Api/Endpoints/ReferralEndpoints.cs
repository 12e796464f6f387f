using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Referrals;
using LinkWorker.Application.Referrals.GetReferral;
using LinkWorker.Application.Referrals.ListReferrals;
using LinkWorker.Application.Referrals.SubmitReferral;
using Microsoft.AspNetCore.Mvc;

namespace LinkWorker.Api.Endpoints;

internal sealed class ReferralEndpoints : IEndpointGroup
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public void Map(IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals").RequireAuthorization();

        referrals.MapPost("/", Submit)
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

    private static async Task<IResult> Submit(
        SubmitReferralCommand command,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        ISender sender,
        IdempotencyScope idempotency,
        HttpContext context,
        CancellationToken ct)
    {
        var result = await sender.Send(command with { IdempotencyKey = Unquote(idempotencyKey) }, ct);
        if (idempotency.Replayed)
        {
            context.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return TypedResults.Created($"/api/referrals/{result.ReferralId}", result);
    }

    // The draft sends the key as a structured-field string ("…"); plain tokens are accepted too.
    internal static string? Unquote(string? key) =>
        key is { Length: >= 2 } && key[0] == '"' && key[^1] == '"' ? key[1..^1] : key;

    internal sealed record ListReferralsParameters(ReferralStatus? Status, DateTimeOffset? From, DateTimeOffset? To, string? Cursor, int? PageSize);
}
