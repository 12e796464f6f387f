using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.PublicHandler;

[Authorize]
public sealed record PublicHandlerQuery : IRequest<int>;

/// <summary>Bad: public, so other layers could call it directly and skip the pipeline.</summary>
public sealed class PublicHandlerHandler : IRequestHandler<PublicHandlerQuery, int>
{
    public Task<int> Handle(PublicHandlerQuery request, CancellationToken cancellationToken) => Task.FromResult(0);
}
