using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Unguarded;

/// <summary>Bad: declares neither [Authorize] nor [AllowAnonymous].</summary>
public sealed record UnguardedQuery : IRequest<int>;

internal sealed class UnguardedHandler : IRequestHandler<UnguardedQuery, int>
{
    public ValueTask<int> Handle(UnguardedQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
