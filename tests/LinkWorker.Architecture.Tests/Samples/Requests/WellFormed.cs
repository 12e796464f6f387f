using FluentValidation;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

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
    public Task<int> Handle(WellFormedCommand request, CancellationToken cancellationToken) => Task.FromResult(request.Name.Length);
}

internal sealed class WellFormedQueryHandler : IRequestHandler<WellFormedQuery, string>
{
    public Task<string> Handle(WellFormedQuery request, CancellationToken cancellationToken) => Task.FromResult("");
}

internal sealed class WellFormedValidator : AbstractValidator<WellFormedCommand>
{
    public WellFormedValidator() => RuleFor(c => c.Name).NotEmpty();
}
