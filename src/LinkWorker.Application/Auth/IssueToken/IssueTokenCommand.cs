using FluentValidation;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Auth.IssueToken;

/// <summary>User name and password for an access token and a refresh token.</summary>
[AllowAnonymous]
public sealed record IssueTokenCommand(string? UserName, string? Password) : IRequest<TokenPair>, ISelfCommittingRequest;

internal sealed class IssueTokenValidator : AbstractValidator<IssueTokenCommand>
{
    public IssueTokenValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().MaximumLength(256);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(256);
    }
}

internal sealed class IssueTokenHandler(ITokenService tokens) : IRequestHandler<IssueTokenCommand, TokenPair>
{
    public ValueTask<TokenPair> Handle(IssueTokenCommand command, CancellationToken cancellationToken) =>
        new(tokens.IssueAsync(command.UserName!, command.Password!, cancellationToken));
}
