using FluentValidation;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Auth.RefreshToken;

/// <summary>A refresh token for a new pair; the old refresh token stops working.</summary>
[AllowAnonymous]
public sealed record RefreshTokenCommand(string? RefreshToken) : IRequest<TokenPair>, ISelfCommittingRequest;

internal sealed class RefreshTokenValidator : AbstractValidator<RefreshTokenCommand>
{
    public RefreshTokenValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(512);
}

internal sealed class RefreshTokenHandler(ITokenService tokens) : IRequestHandler<RefreshTokenCommand, TokenPair>
{
    public ValueTask<TokenPair> Handle(RefreshTokenCommand command, CancellationToken cancellationToken) =>
        new(tokens.RefreshAsync(command.RefreshToken!, cancellationToken));
}
