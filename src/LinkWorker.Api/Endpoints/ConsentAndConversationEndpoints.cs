using LinkWorker.Application.Cases.GetCaseAudit;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Consents.ListConsents;
using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Consents.WithdrawConsent;
using LinkWorker.Application.Conversations.AmendConversation;
using LinkWorker.Application.Conversations.ListConversations;
using LinkWorker.Application.Conversations.LogConversation;

namespace LinkWorker.Api.Endpoints;

internal sealed class ConsentAndConversationEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}").WithTags("Consent and conversations").RequireAuthorization();

        cases.MapGet("/consents", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListConsentsQuery(id), ct))
            .WithSummary("The consent history and the scopes active now.");
        cases.MapPost("/consents", async (Guid id, RecordConsentCommand command, ISender sender, CancellationToken ct) =>
            {
                var consent = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/consents", consent);
            })
            .WithSummary("Record a consent: scopes, method, who obtained it, when, optional expiry.");
        cases.MapPost("/consents/{consentId:guid}/withdraw", (Guid id, Guid consentId, WithdrawConsentCommand command, ISender sender, CancellationToken ct) =>
                sender.Send(command with { CaseId = id, ConsentId = consentId }, ct))
            .WithSummary("Withdraw a consent; it stops covering anything at once.");

        cases.MapGet("/conversations", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListConversationsQuery(id), ct))
            .WithSummary("The case's conversations with their corrections.");
        cases.MapPost("/conversations", async (Guid id, LogConversationCommand command, ISender sender, CancellationToken ct) =>
            {
                var conversation = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/conversations", conversation);
            })
            .WithSummary("Log a conversation; refused with a consent-required problem without an active notes consent.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        cases.MapPost("/conversations/{conversationId:guid}/amendments",
                (Guid id, Guid conversationId, AmendConversationCommand command, ISender sender, CancellationToken ct) =>
                    sender.Send(command with { CaseId = id, ConversationId = conversationId }, ct))
            .WithSummary("Correct a conversation; the original is kept in its amendment history.");

        cases.MapGet("/audit", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new GetCaseAuditQuery(id), ct))
            .WithSummary("Coordinator: every read and write of this case's data.");
    }
}
