using LinkWorker.Application.Conversations.AmendConversation;
using LinkWorker.Application.Conversations.ListConversations;
using LinkWorker.Application.Conversations.LogConversation;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Conversations : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/api/cases/{id:guid}/conversations").WithTags("Consent and conversations").RequireAuthorization();
        conversations.MapGet("", (Guid id, ISender sender, CancellationToken ct) => sender.Send(new ListConversationsQuery(id), ct))
            .WithSummary("The case's conversations with their corrections.");
        conversations.MapPost("", async (Guid id, LogConversationCommand command, ISender sender, CancellationToken ct) =>
            {
                var conversation = await sender.Send(command with { CaseId = id }, ct);
                return TypedResults.Created($"/api/cases/{id}/conversations", conversation);
            })
            .WithSummary("Log a conversation; refused with a consent-required problem without an active notes consent.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        conversations.MapPost("/{conversationId:guid}/amendments",
                (Guid id, Guid conversationId, AmendConversationCommand command, ISender sender, CancellationToken ct) =>
                    sender.Send(command with { CaseId = id, ConversationId = conversationId }, ct))
            .WithSummary("Correct a conversation; the original is kept in its amendment history.");
    }
}
