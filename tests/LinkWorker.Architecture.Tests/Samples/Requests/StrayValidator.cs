using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.StrayValidator;

/// <summary>Its validator, StrayValidatorValidator, is filed in another namespace.</summary>
[Authorize]
public sealed record StrayValidatorCommand(string Name) : IRequest<int>;

internal sealed class StrayValidatorHandler : IRequestHandler<StrayValidatorCommand, int>
{
    public Task<int> Handle(StrayValidatorCommand request, CancellationToken cancellationToken) => Task.FromResult(0);
}
