using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Cases.CloseCase;

/// <summary>Closes a case with a reason; the guide's place is freed.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record CloseCaseCommand(ClosureReason? Reason, string? Note) : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class CloseCaseValidator : AbstractValidator<CloseCaseCommand>
{
    public CloseCaseValidator()
    {
        RuleFor(c => c.Reason).NotNull().WithMessage("Give the closure reason.").IsInEnum();
        RuleFor(c => c.Note).MaximumLength(2000);
    }
}

internal sealed class CloseCaseHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<CloseCaseCommand, CaseSummary>
{
    public async ValueTask<CaseSummary> Handle(CloseCaseCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        // The guide's place and the pending follow-ups follow from CaseClosed.
        @case.Close(command.Reason!.Value, clock.GetUtcNow(), command.Note?.Trim());
        return CaseSummary.Of(@case);
    }
}
