using FluentValidation;

namespace LinkWorker.Application.Cases.AssignCase;

internal sealed class AssignCaseValidator : AbstractValidator<AssignCaseCommand>
{
    public AssignCaseValidator()
    {
        RuleFor(c => c.GuideId).NotEmpty().WithMessage("Name the guide.");
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why, so that the decision can be understood later.").MaximumLength(500);
    }
}
