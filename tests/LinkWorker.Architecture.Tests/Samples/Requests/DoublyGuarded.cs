using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.DoublyGuarded;

/// <summary>Bad: declares both [Authorize] and [AllowAnonymous], so which one wins is up to the pipeline.</summary>
[Authorize(Roles.Coordinator)]
[AllowAnonymous]
public sealed record DoublyGuardedQuery : IRequest<int>;

internal sealed class DoublyGuardedHandler : IRequestHandler<DoublyGuardedQuery, int>
{
    public ValueTask<int> Handle(DoublyGuardedQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
