using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.MediatorShaped;

/// <summary>Bad: Mediator's ICommand and IQuery shapes, which the helpers typed on IRequest&lt;T&gt; cannot send.</summary>
[Authorize]
public sealed record ShapedCommand : ICommand<int>;

[Authorize]
public sealed record ShapedQuery : IQuery<int>;

internal sealed class ShapedCommandHandler : ICommandHandler<ShapedCommand, int>
{
    public ValueTask<int> Handle(ShapedCommand command, CancellationToken cancellationToken) => ValueTask.FromResult(1);
}

internal sealed class ShapedQueryHandler : IQueryHandler<ShapedQuery, int>
{
    public ValueTask<int> Handle(ShapedQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(2);
}
