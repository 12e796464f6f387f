using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Cases.ReassignGuideCases;

/// <summary>
/// A coordinator moves every open case of one guide (away, ill, leaving) to another in one step, with a reason kept
/// on each case's routing history. All or nothing: when the other guide has too few free places, nothing moves.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record ReassignGuideCasesCommand(Guid? FromGuideId, Guid? ToGuideId, string? Reason)
    : IRequest<ReassignGuideCasesResult>, ICitizenDataRequest, IIdempotentRequest
{
    /// <summary>From the Idempotency-Key header (or the form's hidden key), never from the body.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed record ReassignGuideCasesResult(Guid FromGuideId, Guid ToGuideId, IReadOnlyList<Guid> CaseIds);

internal sealed class ReassignGuideCasesValidator : AbstractValidator<ReassignGuideCasesCommand>
{
    public ReassignGuideCasesValidator()
    {
        RuleFor(c => c.FromGuideId).NotEmpty().WithMessage("Name the guide whose cases move.");
        RuleFor(c => c.ToGuideId).NotEmpty().WithMessage("Name the guide.")
            .NotEqual(c => c.FromGuideId).When(c => c.FromGuideId is not null).WithMessage("Choose another guide than the one whose cases move.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why, so that the decision can be understood later.").MaximumLength(500);
    }
}

internal sealed class ReassignGuideCasesHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<ReassignGuideCasesCommand, ReassignGuideCasesResult>
{
    private static readonly CaseStatus[] Held = [CaseStatus.Assigned, CaseStatus.Contacted, CaseStatus.Active];

    public async ValueTask<ReassignGuideCasesResult> Handle(ReassignGuideCasesCommand command, CancellationToken cancellationToken)
    {
        // Guides are the caller's municipality's only (query filter): another municipality's id is "no guide".
        var guides = await db.Guides.AsNoTracking().Where(g => g.Id == command.FromGuideId || g.Id == command.ToGuideId).ToListAsync(cancellationToken);
        var from = guides.SingleOrDefault(g => g.Id == command.FromGuideId) ?? throw NoGuide("fromGuideId");
        var to = guides.SingleOrDefault(g => g.Id == command.ToGuideId) ?? throw NoGuide("toGuideId");

        var cases = await db.Cases.Where(c => c.AssignedGuideId == from.Id && Held.Contains(c.Status))
            .OrderBy(c => c.OpenedAt).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        var free = Math.Max(0, to.Capacity - to.ActiveCaseCount);
        if (!to.IsActive || free < cases.Count)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["toGuideId"] = [$"The guide has room for {(to.IsActive ? free : 0)} more cases; {cases.Count} would move."],
            });
        }

        var now = clock.GetUtcNow();
        var by = await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? user.DisplayName;
        var reason = command.Reason!.Trim();
        var load = to.ActiveCaseCount;
        foreach (var @case in cases)
        {
            // CaseAssigned moves the place from one guide to the other (GuideLoadFollowsCases).
            @case.AssignTo(to.Id, now);
            audit.Record(nameof(Case), @case.Id);
            load++;
            db.RoutingDecisions.Add(new RoutingDecision(
                Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.Assignment, to.Id,
                [reason, $"all cases of {from.DisplayName} moved", $"{load} of {to.Capacity} cases"], user.UserId, by));
        }

        return new ReassignGuideCasesResult(from.Id, to.Id, cases.Select(c => c.Id).ToList());
    }

    private static ValidationFailedException NoGuide(string field) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = ["No guide of this municipality has that id."] });
}
