using FluentValidation;

namespace LinkWorker.Application.Conversations;

internal sealed class ConversationInputValidator : AbstractValidator<ConversationInput>
{
    public ConversationInputValidator(TimeProvider clock)
    {
        RuleFor(c => c.Mode).NotNull().WithMessage("Say how the conversation took place.").IsInEnum();
        RuleFor(c => c.OccurredAt).NotNull().WithMessage("Say when the conversation took place.")
            .Must(at => at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("A conversation cannot be in the future.");
        RuleFor(c => c.DurationMinutes).NotNull().InclusiveBetween(0, 24 * 60);
        RuleFor(c => c.Summary).NotEmpty().WithMessage("Write a short summary.").MaximumLength(8000);
        RuleForEach(c => c.Topics).IsInEnum();
        RuleFor(c => c.CitizensView).MaximumLength(4000);
        RuleFor(c => c.AgreedNextSteps).MaximumLength(4000);
    }
}
