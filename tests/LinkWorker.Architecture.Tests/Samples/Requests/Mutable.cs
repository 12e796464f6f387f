using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Mutable;

/// <summary>Bad: a behaviour could change Note after validation.</summary>
[Authorize]
public sealed record MutableCommand(string Name) : IRequest<int>
{
    public string? Note { get; set; }
}

internal sealed class MutableHandler : IRequestHandler<MutableCommand, int>
{
    public Task<int> Handle(MutableCommand request, CancellationToken cancellationToken) => Task.FromResult(0);
}
