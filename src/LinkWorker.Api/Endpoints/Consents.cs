using LinkWorker.Application.Consents.ListConsents;
using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Consents.WithdrawConsent;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Consents : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}/consents").WithTags("Consent and conversations").RequireAuthorization();
        cases.MapGet("", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListConsentsQuery(id), ct))
            .WithSummary("The consent history and the scopes active now.");
        cases.MapPost("", async (Guid id, RecordConsentCommand command, ISender sender, CancellationToken ct) =>
            {
                var consent = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/consents", consent);
            })
            .WithSummary("Record a consent: scopes, method, who obtained it, when, optional expiry.");
        cases.MapPost("/{consentId:guid}/withdraw", (Guid id, Guid consentId, WithdrawConsentCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id, ConsentId = consentId }, ct))
            .WithSummary("Withdraw a consent; it stops covering anything at once.");
    }
}
