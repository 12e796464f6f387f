using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.PublicHandler;

[Authorize]
public sealed record PublicHandlerQuery : IRequest<int>;

/// <summary>Bad: public, so other layers could call it directly and skip the pipeline.</summary>
public sealed class PublicHandlerHandler : IRequestHandler<PublicHandlerQuery, int>
{
    public ValueTask<int> Handle(PublicHandlerQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
