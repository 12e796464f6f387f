using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Mutable;

/// <summary>Bad: a behaviour could change Note after validation.</summary>
[Authorize]
public sealed record MutableCommand(string Name) : IRequest<int>
{
    public string? Note { get; set; }
}

internal sealed class MutableHandler : IRequestHandler<MutableCommand, int>
{
    public ValueTask<int> Handle(MutableCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
