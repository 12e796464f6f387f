namespace LinkWorker.Application.Auth;

/// <summary>Issues the embedded identity mode's tokens. Failures throw InvalidCredentialsException.</summary>
public interface ITokenService
{
    Task<TokenPair> IssueAsync(string userName, string password, CancellationToken cancellationToken);

    Task<TokenPair> RefreshAsync(string refreshToken, CancellationToken cancellationToken);
}

public sealed record TokenPair(string AccessToken, string RefreshToken, int ExpiresIn, string TokenType = "Bearer");
