using FluentValidation;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.PublicValidator;

[Authorize]
public sealed record PublicValidatorCommand(string Name) : IRequest<int>;

internal sealed class PublicValidatorHandler : IRequestHandler<PublicValidatorCommand, int>
{
    public ValueTask<int> Handle(PublicValidatorCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}

/// <summary>Bad: public.</summary>
public sealed class PublicValidatorValidator : AbstractValidator<PublicValidatorCommand>
{
    public PublicValidatorValidator() => RuleFor(c => c.Name).NotEmpty();
}
