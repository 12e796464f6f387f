using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.StrayValidator;

/// <summary>Its validator, StrayValidatorValidator, is filed in another namespace.</summary>
[Authorize]
public sealed record StrayValidatorCommand(string Name) : IRequest<int>;

internal sealed class StrayValidatorHandler : IRequestHandler<StrayValidatorCommand, int>
{
    public ValueTask<int> Handle(StrayValidatorCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
