using FluentValidation;
using LinkWorker.Domain.Citizens;

namespace LinkWorker.Application.Referrals.SubmitReferral;

internal sealed class SubmitReferralValidator : AbstractValidator<SubmitReferralCommand>
{
    public SubmitReferralValidator(TimeProvider clock)
    {
        RuleFor(c => c.Citizen).NotNull().WithMessage("The citizen is required.");
        RuleFor(c => c.Citizen!).SetValidator(new CitizenInputValidator(clock)).When(c => c.Citizen is not null);
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the citizen is referred.").MaximumLength(4000);
        RuleFor(c => c.LifeArenas).NotEmpty().WithMessage("Name at least one life arena.");
        RuleForEach(c => c.LifeArenas).IsInEnum();
        RuleForEach(c => c.LifeTransitions).IsInEnum();
        RuleFor(c => c.LonelinessType).IsInEnum();
        RuleFor(c => c.Urgency).IsInEnum();
        RuleFor(c => c.PracticalNeeds!.Notes).MaximumLength(1000).When(c => c.PracticalNeeds is not null);
        RuleFor(c => c.IdempotencyKey).Length(1, 255).When(c => c.IdempotencyKey is not null)
            .WithMessage("An Idempotency-Key has 1 to 255 characters.")
            .Must(key => key!.All(c => c is >= ' ' and <= '~')).When(c => c.IdempotencyKey is not null)
            .WithMessage("An Idempotency-Key holds printable ASCII characters only.");

        // A missing consent object is a bad request like any other missing field (reported with them all);
        // a consent the citizen did not give is refused by the handler with a consent problem (409).
        RuleFor(c => c.Consent).NotNull()
            .WithMessage("The citizen's consent is required: send consent with given, obtainedBy, method and obtainedAt.");
        When(c => c.Consent is { Given: true }, () =>
        {
            RuleFor(c => c.Consent!.ObtainedBy).NotEmpty().WithMessage("Say who obtained the consent.").MaximumLength(200);
            RuleFor(c => c.Consent!.Method).NotNull().WithMessage("Say how the consent was obtained (Verbal, Written or Digital).").IsInEnum();
            RuleFor(c => c.Consent!.ObtainedAt).NotNull().WithMessage("Say when the consent was obtained.")
                .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("Consent cannot be obtained in the future.");
        });
    }
}

internal sealed class CitizenInputValidator : AbstractValidator<CitizenInput>
{
    public CitizenInputValidator(TimeProvider clock)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage("The citizen's name is required.").MaximumLength(200);
        RuleFor(c => c.CprNumber)
            .Must(cpr => CprNumber.TryParse(cpr, out _))
            .When(c => !string.IsNullOrEmpty(c.CprNumber))
            .WithMessage("A CPR number has 10 digits (DDMMYY-SSSS) with a valid date.");
        RuleFor(c => c.DateOfBirth)
            .NotNull().When(c => string.IsNullOrEmpty(c.CprNumber))
            .WithMessage("Give a CPR number or, for a person without one, the date of birth.");
        RuleFor(c => c.DateOfBirth)
            .Must(d => d <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)).When(c => c.DateOfBirth is not null)
            .WithMessage("The date of birth cannot be in the future.");
        RuleFor(c => c.Phone).MaximumLength(30).Matches(@"^\+?[0-9 ]{6,20}$").When(c => c.Phone is not null)
            .WithMessage("A phone number has 6 to 20 digits, optionally with a leading +.");
        RuleFor(c => c.Email).EmailAddress().MaximumLength(254).When(c => c.Email is not null);
        RuleFor(c => c.Address).NotNull().WithMessage("The citizen's address (at least the postcode) is required.");
        RuleFor(c => c.Address!.Postcode).NotEmpty().Matches("^[0-9]{4}$").When(c => c.Address is not null)
            .WithMessage("A Danish postcode has four digits.");
        RuleFor(c => c.Address!.Street).MaximumLength(200).When(c => c.Address is not null);
        RuleFor(c => c.Address!.City).MaximumLength(100).When(c => c.Address is not null);
        RuleFor(c => c.PreferredLanguage).Matches("^[a-z]{2}$").When(c => c.PreferredLanguage is not null)
            .WithMessage("Use a two-letter ISO 639-1 language code such as \"da\" or \"ar\".");
    }
}
