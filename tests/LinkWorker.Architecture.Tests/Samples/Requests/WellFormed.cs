using FluentValidation;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.WellFormed;

// Follows every request convention; the rules must find nothing here.

[Authorize(Roles.Guide)]
public sealed record WellFormedCommand(string Name) : IRequest<int>
{
    public string? IdempotencyKey { get; init; }
}

[AllowAnonymous]
public sealed record WellFormedQuery : IRequest<string>;

internal sealed class WellFormedCommandHandler : IRequestHandler<WellFormedCommand, int>
{
    public ValueTask<int> Handle(WellFormedCommand request, CancellationToken cancellationToken) => ValueTask.FromResult(request.Name.Length);
}

internal sealed class WellFormedQueryHandler : IRequestHandler<WellFormedQuery, string>
{
    public ValueTask<string> Handle(WellFormedQuery request, CancellationToken cancellationToken) => ValueTask.FromResult("");
}

internal sealed class WellFormedValidator : AbstractValidator<WellFormedCommand>
{
    public WellFormedValidator() => RuleFor(c => c.Name).NotEmpty();
}
