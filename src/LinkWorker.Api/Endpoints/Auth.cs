using LinkWorker.Application.Auth;
using LinkWorker.Application.Auth.IssueToken;
using LinkWorker.Application.Auth.RefreshToken;
using LinkWorker.Application.Common.Messaging;

namespace LinkWorker.Api.Endpoints;

internal sealed class Auth : IEndpointGroup
{
    public const string RateLimitPolicy = "auth";

    public void Map(IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);

        auth.MapPost("/token", (IssueTokenCommand command, ISender sender, CancellationToken ct) => sender.Send(command, ct))
            .WithSummary("User name and password → access token, refresh token, expiresIn (embedded identity mode).")
            .Produces<TokenPair>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/refresh", (RefreshTokenCommand command, ISender sender, CancellationToken ct) => sender.Send(command, ct))
            .WithSummary("Refresh token → a new pair; the old refresh token stops working.")
            .Produces<TokenPair>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
