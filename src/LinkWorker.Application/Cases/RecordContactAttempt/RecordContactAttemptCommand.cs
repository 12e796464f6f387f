using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;

namespace LinkWorker.Application.Cases.RecordContactAttempt;

/// <summary>The guide logs a try to reach the citizen; the first success marks the case contacted.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordContactAttemptCommand(ContactChannel? Channel, bool Succeeded, DateTimeOffset? At)
    : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class RecordContactAttemptValidator : AbstractValidator<RecordContactAttemptCommand>
{
    public RecordContactAttemptValidator(TimeProvider clock)
    {
        RuleFor(c => c.Channel).NotNull().WithMessage("Say how you tried to reach the citizen.").IsInEnum();
        RuleFor(c => c.At).Must(at => at is null || at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("An attempt cannot be in the future.");
    }
}

internal sealed class RecordContactAttemptHandler(
    IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RecordContactAttemptCommand, CaseSummary>
{
    public async ValueTask<CaseSummary> Handle(RecordContactAttemptCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var at = command.At?.ToUniversalTime() ?? now;
        @case.RecordContactAttempt(command.Succeeded, at, now);

        db.ContactAttempts.Add(new ContactAttempt(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, at, command.Channel!.Value, command.Succeeded, user.RequiredUserId));
        return CaseSummary.Of(@case);
    }
}
