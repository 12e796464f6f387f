using FluentValidation;
using LinkWorker.Architecture.Tests.Samples.Requests.StrayValidator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Validators;

/// <summary>Bad: not in its request's namespace.</summary>
internal sealed class StrayValidatorValidator : AbstractValidator<StrayValidatorCommand>
{
    public StrayValidatorValidator() => RuleFor(c => c.Name).NotEmpty();
}
