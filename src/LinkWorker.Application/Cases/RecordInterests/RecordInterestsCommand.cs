using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Offers;
using Mediator;

namespace LinkWorker.Application.Cases.RecordInterests;

/// <summary>What the citizen likes doing, as they told the guide; replaces the earlier list. Needs the notes consent.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordInterestsCommand(IReadOnlyList<Interest>? Interests) : IRequest<InterestsView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

public sealed record InterestsView(Guid CaseId, IReadOnlyList<Interest> Interests);

internal sealed class RecordInterestsValidator : AbstractValidator<RecordInterestsCommand>
{
    public RecordInterestsValidator()
    {
        RuleFor(c => c.Interests).NotNull().WithMessage("Send the citizen's interests (an empty list clears them).");
        RuleForEach(c => c.Interests).IsInEnum();
    }
}

internal sealed class RecordInterestsHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents)
    : IRequestHandler<RecordInterestsCommand, InterestsView>
{
    public async ValueTask<InterestsView> Handle(RecordInterestsCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        await consents.Require(@case.Id, ConsentScope.StoreConversationNotes, "record the citizen's interests", cancellationToken);
        @case.RecordInterests(command.Interests!);
        await db.SaveChangesAsync(cancellationToken);
        return new InterestsView(@case.Id, @case.Interests);
    }
}
