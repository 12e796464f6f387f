using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Routing;
using Mediator;

namespace LinkWorker.Application.Cases.HandBackCase;

/// <summary>The guide gives a case back to the coordinator's triage queue, saying why.</summary>
[Authorize(Roles.Guide)]
public sealed record HandBackCaseCommand(string? Reason) : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class HandBackCaseValidator : AbstractValidator<HandBackCaseCommand>
{
    public HandBackCaseValidator() =>
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the case goes back to triage.").MaximumLength(500);
}

internal sealed class HandBackCaseHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, IUserDirectory users, TimeProvider clock)
    : IRequestHandler<HandBackCaseCommand, CaseSummary>
{
    public async ValueTask<CaseSummary> Handle(HandBackCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        @case.HandBack(now); // frees the guide's place (CaseHandedBack)

        db.RoutingDecisions.Add(new RoutingDecision(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.HandBack, null,
            [RoutingReason.Of(RoutingReason.HandedBack, command.Reason!.Trim()).Text], user.UserId,
            await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? user.DisplayName));
        return CaseSummary.Of(@case);
    }
}
