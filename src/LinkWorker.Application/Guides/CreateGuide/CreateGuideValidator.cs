using FluentValidation;

namespace LinkWorker.Application.Guides.CreateGuide;

internal sealed class CreateGuideValidator : AbstractValidator<CreateGuideCommand>
{
    public CreateGuideValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().WithMessage("Name the guide's staff account.");
        RuleFor(c => c.Profile).NotNull().SetValidator(new GuideProfileInputValidator()!);
    }
}
