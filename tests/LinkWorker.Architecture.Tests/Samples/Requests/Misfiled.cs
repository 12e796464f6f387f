using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Misfiled;

/// <summary>Bad: belongs in a namespace ending in .ArchiveCase.</summary>
[Authorize]
public sealed record ArchiveCaseCommand : IRequest<int>;

/// <summary>Bad: belongs in a namespace ending in .FindCase.</summary>
[Authorize]
public sealed record FindCaseQuery : IRequest<int>;

internal sealed class ArchiveCaseHandler : IRequestHandler<ArchiveCaseCommand, int>
{
    public Task<int> Handle(ArchiveCaseCommand request, CancellationToken cancellationToken) => Task.FromResult(0);
}

internal sealed class FindCaseHandler : IRequestHandler<FindCaseQuery, int>
{
    public Task<int> Handle(FindCaseQuery request, CancellationToken cancellationToken) => Task.FromResult(0);
}
