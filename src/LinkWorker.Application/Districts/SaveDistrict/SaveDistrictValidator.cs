using FluentValidation;

namespace LinkWorker.Application.Districts.SaveDistrict;

internal sealed class SaveDistrictValidator : AbstractValidator<SaveDistrictCommand>
{
    public SaveDistrictValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Postcodes).NotEmpty().WithMessage("A district has at least one postcode.");
        RuleForEach(c => c.Postcodes).Matches("^[0-9]{4}$").WithMessage("A Danish postcode has four digits.");
        RuleFor(c => c.Version).NotNull().When(c => c.DistrictId is not null)
            .WithMessage("Send the version you read, so that a newer edit is not overwritten.");
    }
}
