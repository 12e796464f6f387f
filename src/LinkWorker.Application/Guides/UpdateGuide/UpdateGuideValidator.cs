using FluentValidation;

namespace LinkWorker.Application.Guides.UpdateGuide;

internal sealed class UpdateGuideValidator : AbstractValidator<UpdateGuideCommand>
{
    public UpdateGuideValidator()
    {
        RuleFor(c => c.Profile).NotNull().SetValidator(new GuideProfileInputValidator()!);
        RuleFor(c => c.Version).NotNull().WithMessage("Send the version you read, so that a newer edit is not overwritten.");
    }
}
