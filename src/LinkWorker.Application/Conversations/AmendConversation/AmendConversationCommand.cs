using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Conversations.AmendConversation;

/// <summary>Corrects a conversation. The original stays in the amendment history: who changed what, when and why.</summary>
[Authorize(Roles.Guide)]
public sealed record AmendConversationCommand(ConversationInput? Conversation, string? Reason, int? Version)
    : IRequest<ConversationView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }

    [JsonIgnore]
    public Guid ConversationId { get; init; }
}

internal sealed class AmendConversationValidator : AbstractValidator<AmendConversationCommand>
{
    public AmendConversationValidator(TimeProvider clock)
    {
        RuleFor(c => c.Conversation).NotNull().SetValidator(new ConversationInputValidator(clock)!);
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the conversation is corrected.").MaximumLength(500);
        RuleFor(c => c.Version).NotNull().WithMessage("Send the version you read, so that a newer correction is not overwritten.");
    }
}

internal sealed class AmendConversationHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<AmendConversationCommand, ConversationView>
{
    public async ValueTask<ConversationView> Handle(AmendConversationCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        await consents.Require(@case.Id, ConsentScope.StoreConversationNotes, "store conversation notes", cancellationToken);
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == command.ConversationId && c.CaseId == @case.Id, cancellationToken)
            ?? throw new NotFoundException(nameof(Conversation));
        if (conversation.Version != command.Version)
        {
            throw new ConflictException($"The conversation was corrected since you read it (version {conversation.Version}); reload and try again.");
        }

        var amendments = conversation.Amend(command.Conversation!.ToContent(), command.Reason!.Trim(), user.RequiredUserId, clock.GetUtcNow());
        db.ConversationAmendments.AddRange(amendments);
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(nameof(Conversation), conversation.Id);
        var history = await db.ConversationAmendments.AsNoTracking().Where(a => a.ConversationId == conversation.Id).ToListAsync(cancellationToken);
        return ConversationViews.Of(conversation, history);
    }
}
