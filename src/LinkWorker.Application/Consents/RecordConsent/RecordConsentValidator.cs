using FluentValidation;

namespace LinkWorker.Application.Consents.RecordConsent;

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
