using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using Mediator;

namespace LinkWorker.Application.Conversations.LogConversation;

/// <summary>The case's guide logs a conversation — only while the citizen's notes consent is active.</summary>
[Authorize(Roles.Guide)]
public sealed record LogConversationCommand(ConversationInput? Conversation) : IRequest<ConversationView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class LogConversationValidator : AbstractValidator<LogConversationCommand>
{
    public LogConversationValidator(TimeProvider clock) =>
        RuleFor(c => c.Conversation).NotNull().SetValidator(new ConversationInputValidator(clock)!);
}

internal sealed class LogConversationHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<LogConversationCommand, ConversationView>
{
    public async ValueTask<ConversationView> Handle(LogConversationCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        await consents.Require(@case.Id, ConsentScope.StoreConversationNotes, "store conversation notes", cancellationToken);

        var now = clock.GetUtcNow();
        var content = command.Conversation!.ToContent();
        var conversation = new Conversation(Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, content, user.RequiredUserId, now);
        db.Conversations.Add(conversation);

        // The first conversation starts the course.
        if (@case.Status is CaseStatus.Assigned or CaseStatus.Contacted)
        {
            @case.Activate(content.OccurredAt, now);
        }

        audit.Record(nameof(Conversation), conversation.Id);
        return ConversationViews.Of(conversation, []);
    }
}
