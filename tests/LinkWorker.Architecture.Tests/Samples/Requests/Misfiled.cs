using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Misfiled;

/// <summary>Bad: belongs in a namespace ending in .ArchiveCase.</summary>
[Authorize]
public sealed record ArchiveCaseCommand : IRequest<int>;

/// <summary>Bad: belongs in a namespace ending in .FindCase.</summary>
[Authorize]
public sealed record FindCaseQuery : IRequest<int>;

internal sealed class ArchiveCaseHandler : IRequestHandler<ArchiveCaseCommand, int>
{
    public ValueTask<int> Handle(ArchiveCaseCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}

internal sealed class FindCaseHandler : IRequestHandler<FindCaseQuery, int>
{
    public ValueTask<int> Handle(FindCaseQuery request, CancellationToken cancellationToken) => ValueTask.FromResult(0);
}
