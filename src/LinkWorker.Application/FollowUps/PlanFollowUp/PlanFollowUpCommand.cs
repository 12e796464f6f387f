using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.FollowUps;
using Mediator;

namespace LinkWorker.Application.FollowUps.PlanFollowUp;

/// <summary>The case's guide plans a check-in; its reminder is scheduled to fire at the due time.</summary>
[Authorize(Roles.Guide)]
public sealed record PlanFollowUpCommand(DateTimeOffset? DueAt, FollowUpKind? Kind, string? Note) : IRequest<FollowUpView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class PlanFollowUpValidator : AbstractValidator<PlanFollowUpCommand>
{
    public PlanFollowUpValidator(TimeProvider clock)
    {
        RuleFor(c => c.DueAt).NotNull().WithMessage("Say when the follow-up is due.")
            .Must(at => at >= clock.GetUtcNow().AddMinutes(-1)).WithMessage("A follow-up is planned for the future.")
            .Must(at => at <= clock.GetUtcNow().AddYears(2)).WithMessage("Plan at most two years ahead.");
        RuleFor(c => c.Kind).NotNull().WithMessage("Say what kind of follow-up (GuideTask, CheckInCall, CheckInMessage).").IsInEnum();
        RuleFor(c => c.Note).MaximumLength(1000);
    }
}

internal sealed class PlanFollowUpHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<PlanFollowUpCommand, FollowUpView>
{
    public async ValueTask<FollowUpView> Handle(PlanFollowUpCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        if (!@case.IsOpen)
        {
            throw new InvalidCaseTransitionException(@case.Status, "get a follow-up");
        }

        await ProcessingRestriction.Require(db, @case.Id, cancellationToken);

        var now = clock.GetUtcNow();
        var followUp = new FollowUp(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, Instant.Normalize(command.DueAt!.Value), command.Kind!.Value,
            command.Note?.Trim(), user.RequiredUserId, now);
        db.FollowUps.Add(followUp);
        audit.Record(nameof(FollowUp), followUp.Id);
        return FollowUpView.Of(followUp);
    }
}
