using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Outcomes.UpdateParticipation;

/// <summary>First attendance, the answer at the three-month follow-up, or stopping (with a reason).</summary>
[Authorize(Roles.Guide)]
public sealed record UpdateParticipationCommand(
    DateOnly? FirstAttendedOn, bool? StillAttendingAtThreeMonths, DateOnly? StoppedOn, string? StopReason, int? Version)
    : IRequest<ParticipationView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }

    [JsonIgnore]
    public Guid ParticipationId { get; init; }
}

internal sealed class UpdateParticipationValidator : AbstractValidator<UpdateParticipationCommand>
{
    public UpdateParticipationValidator()
    {
        RuleFor(c => c.StopReason).NotEmpty().When(c => c.StoppedOn is not null).WithMessage("Say why the citizen stopped.").MaximumLength(500);
        RuleFor(c => c.Version).NotNull().WithMessage("Send the version you read.");
    }
}

internal sealed class UpdateParticipationHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit)
    : IRequestHandler<UpdateParticipationCommand, ParticipationView>
{
    public async ValueTask<ParticipationView> Handle(UpdateParticipationCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var participation = await ParticipationAccess.Load(db, @case.Id, command.ParticipationId, command.Version, cancellationToken);

        participation.Record(command.FirstAttendedOn, command.StillAttendingAtThreeMonths, command.StoppedOn, command.StopReason?.Trim());
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(nameof(CommunityParticipation), participation.Id);
        return ParticipationView.Of(participation);
    }
}
