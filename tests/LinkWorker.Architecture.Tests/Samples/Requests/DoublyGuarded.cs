using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.DoublyGuarded;

/// <summary>Bad: declares both [Authorize] and [AllowAnonymous], so which one wins is up to the pipeline.</summary>
[Authorize(Roles.Coordinator)]
[AllowAnonymous]
public sealed record DoublyGuardedQuery : IRequest<int>;

internal sealed class DoublyGuardedHandler : IRequestHandler<DoublyGuardedQuery, int>
{
    public Task<int> Handle(DoublyGuardedQuery request, CancellationToken cancellationToken) => Task.FromResult(0);
}
