using FluentValidation;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.PublicValidator;

[Authorize]
public sealed record PublicValidatorCommand(string Name) : IRequest<int>;

internal sealed class PublicValidatorHandler : IRequestHandler<PublicValidatorCommand, int>
{
    public Task<int> Handle(PublicValidatorCommand request, CancellationToken cancellationToken) => Task.FromResult(0);
}

/// <summary>Bad: public.</summary>
public sealed class PublicValidatorValidator : AbstractValidator<PublicValidatorCommand>
{
    public PublicValidatorValidator() => RuleFor(c => c.Name).NotEmpty();
}
