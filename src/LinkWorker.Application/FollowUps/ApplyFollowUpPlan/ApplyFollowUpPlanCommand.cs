using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.ApplyFollowUpPlan;

/// <summary>
/// Applies one of the municipality's follow-up plans in one step (by default: 2 weeks, 6 weeks and 3 months after
/// the start date), each check-in at 10:00 Danish time.
/// </summary>
[Authorize(Roles.Guide)]
public sealed record ApplyFollowUpPlanCommand(string? Plan, DateOnly? From) : IRequest<IReadOnlyList<FollowUpView>>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class ApplyFollowUpPlanValidator : AbstractValidator<ApplyFollowUpPlanCommand>
{
    public ApplyFollowUpPlanValidator() => RuleFor(c => c.Plan).NotEmpty().WithMessage("Name the plan (for example \"after-match\").");
}

internal sealed class ApplyFollowUpPlanHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<ApplyFollowUpPlanCommand, IReadOnlyList<FollowUpView>>
{
    private static readonly TimeOnly CheckInTime = new(10, 0);

    public async ValueTask<IReadOnlyList<FollowUpView>> Handle(ApplyFollowUpPlanCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        if (!@case.IsOpen)
        {
            throw new InvalidCaseTransitionException(@case.Status, "get a follow-up");
        }

        await ProcessingRestriction.Require(db, @case.Id, cancellationToken);

        var municipality = await db.Municipalities.AsNoTracking().SingleAsync(m => m.Code == @case.MunicipalityCode, cancellationToken);
        var plan = municipality.EffectiveFollowUpPlans.FirstOrDefault(p => string.Equals(p.Name, command.Plan, StringComparison.OrdinalIgnoreCase))
            ?? throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["plan"] = [$"Known plans: {string.Join(", ", municipality.EffectiveFollowUpPlans.Select(p => p.Name))}."],
            });

        var now = clock.GetUtcNow();
        var from = command.From ?? DanishTime.Today(clock);
        var created = new List<FollowUp>();
        foreach (var step in plan.Steps)
        {
            var day = from.AddDays(step.AfterDays).ToDateTime(CheckInTime);
            var dueAt = new DateTimeOffset(day, DanishTime.Zone.GetUtcOffset(day)).ToUniversalTime();
            var followUp = new FollowUp(Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, dueAt, step.Kind, step.Note, user.RequiredUserId, now);
            db.FollowUps.Add(followUp);
            audit.Record(nameof(FollowUp), followUp.Id);
            created.Add(followUp);
        }

        return created.Select(FollowUpView.Of).ToList();
    }
}
