using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Outcomes;
using Mediator;

namespace LinkWorker.Application.Outcomes.RecordParticipation;

/// <summary>The guide records that the citizen was matched to a community or activity.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordParticipationCommand(string? OfferName, DateOnly? MatchedOn) : IRequest<ParticipationView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class RecordParticipationValidator : AbstractValidator<RecordParticipationCommand>
{
    public RecordParticipationValidator()
    {
        RuleFor(c => c.OfferName).NotEmpty().WithMessage("Name the community or activity.").MaximumLength(200);
        RuleFor(c => c.MatchedOn).NotNull().WithMessage("Say when the match was made.");
    }
}

internal sealed class RecordParticipationHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RecordParticipationCommand, ParticipationView>
{
    public async ValueTask<ParticipationView> Handle(RecordParticipationCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var participation = new CommunityParticipation(
            Guid.CreateVersion7(clock.GetUtcNow()), @case.MunicipalityCode, @case.Id, command.OfferName!.Trim(), command.MatchedOn!.Value);
        db.CommunityParticipations.Add(participation);
        audit.Record(nameof(CommunityParticipation), participation.Id);
        return ParticipationView.Of(participation);
    }
}
