using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.TwiceHandled;

/// <summary>Bad: two handlers; which one runs depends on registration order.</summary>
[Authorize]
public sealed record TwiceHandledQuery : IRequest<int>;

internal sealed class TwiceHandledHandler : IRequestHandler<TwiceHandledQuery, int>
{
    public ValueTask<int> Handle(TwiceHandledQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(1);
}

internal sealed class TwiceHandledOtherHandler : IRequestHandler<TwiceHandledQuery, int>
{
    public ValueTask<int> Handle(TwiceHandledQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(2);
}
