using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Referrals;
using Mediator;

namespace LinkWorker.Application.Consents.RecordConsent;

/// <summary>The case's guide records what the citizen agreed to, how, by whom and when, before collecting the data.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordConsentCommand(
    IReadOnlyList<ConsentScope>? Scopes, ConsentMethod? Method, string? ObtainedBy, DateTimeOffset? ObtainedAt, DateTimeOffset? ExpiresAt)
    : IRequest<ConsentView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class RecordConsentValidator : AbstractValidator<RecordConsentCommand>
{
    public RecordConsentValidator(TimeProvider clock)
    {
        RuleFor(c => c.Scopes).NotEmpty().WithMessage("Name at least one scope the citizen agreed to.");
        RuleForEach(c => c.Scopes).IsInEnum();
        RuleFor(c => c.Method).NotNull().WithMessage("Say how the consent was obtained (Verbal, Written or Digital).").IsInEnum();
        RuleFor(c => c.ObtainedBy).NotEmpty().WithMessage("Say who obtained the consent.").MaximumLength(200);
        RuleFor(c => c.ObtainedAt).NotNull().WithMessage("Say when the consent was obtained.")
            .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("Consent cannot be obtained in the future.");
        RuleFor(c => c.ExpiresAt).GreaterThan(c => c.ObtainedAt).When(c => c.ExpiresAt is not null && c.ObtainedAt is not null)
            .WithMessage("A consent must expire after it was obtained.");
    }
}

internal sealed class RecordConsentHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RecordConsentCommand, ConsentView>
{
    public async ValueTask<ConsentView> Handle(RecordConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var consent = new Consent(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, command.Scopes!, command.Method!.Value, command.ObtainedBy!.Trim(),
            command.ObtainedAt!.Value.ToUniversalTime(), command.ExpiresAt?.ToUniversalTime(), user.RequiredUserId, now);
        db.Consents.Add(consent);
        audit.Record(nameof(Consent), consent.Id);
        return ConsentView.Of(consent, now);
    }
}
