using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.NotARecord;

/// <summary>Bad: a class, not a record (no value equality, no with-expressions), and a writable field.</summary>
[Authorize]
public sealed class NotARecordCommand : IRequest<int>
{
#pragma warning disable CA1051 // The writable field is the violation this sample shows.
    public string Name = "";
#pragma warning restore CA1051
}

internal sealed class NotARecordHandler : IRequestHandler<NotARecordCommand, int>
{
    public ValueTask<int> Handle(NotARecordCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(request.Name.Length);
}
