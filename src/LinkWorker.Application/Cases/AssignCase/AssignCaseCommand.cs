using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.AssignCase;

/// <summary>A coordinator assigns a case from triage, or reassigns it, with a reason that is kept.</summary>
[Authorize(Roles.Coordinator)]
public sealed record AssignCaseCommand(Guid? GuideId, string? Reason) : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class AssignCaseValidator : AbstractValidator<AssignCaseCommand>
{
    public AssignCaseValidator()
    {
        RuleFor(c => c.GuideId).NotEmpty().WithMessage("Name the guide.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why, so that the decision can be understood later.").MaximumLength(500);
    }
}

internal sealed class AssignCaseHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<AssignCaseCommand, CaseSummary>
{
    public async ValueTask<CaseSummary> Handle(AssignCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var guide = await db.Guides.AsNoTracking().SingleOrDefaultAsync(g => g.Id == command.GuideId, cancellationToken)
            ?? throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["guideId"] = ["No guide of this municipality has that id."],
            });

        // CaseAssigned takes the guide's place (409 when none is free) and frees the previous guide's.
        var now = clock.GetUtcNow();
        @case.AssignTo(guide.Id, now);

        db.RoutingDecisions.Add(new RoutingDecision(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.Assignment, guide.Id,
            [command.Reason!.Trim(), RoutingReason.Of(RoutingReason.Load, RoutingReason.Number(guide.ActiveCaseCount + 1), RoutingReason.Number(guide.Capacity)).Text], user.UserId,
            await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? user.DisplayName));
        return CaseSummary.Of(@case);
    }
}
