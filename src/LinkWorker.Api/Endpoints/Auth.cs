using LinkWorker.Application.Auth;
using LinkWorker.Application.Auth.IssueToken;
using LinkWorker.Application.Auth.RefreshToken;
using LinkWorker.Application.Auth.ResetSecondFactor;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Seeding;
using Mediator;
using Microsoft.Extensions.Options;

namespace LinkWorker.Api.Endpoints;

internal sealed class Auth : IEndpointGroup
{
    public const string RateLimitPolicy = "auth";

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/accounts/{userId:guid}/reset-mfa", async (Guid userId, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new ResetSecondFactorCommand(userId), ct);
            return TypedResults.NoContent();
        })
            .WithTags("Accounts")
            .WithSummary("Administrators: removes a person's second factor (lost phone); they enrol again at the next sign-in.")
            .RequireAuthorization();

        // The password flow stays only where demo mode or Authentication:PasswordFlow keeps it (ADR 0013).
        var settings = app.ServiceProvider.GetRequiredService<IOptions<AuthenticationSettings>>().Value;
        var demo = app.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!(settings.PasswordFlow ?? demo.Enabled))
        {
            return;
        }

        var auth = app.MapGroup("/api/auth").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);

        auth.MapPost("/token", (IssueTokenCommand command, ISender sender, CancellationToken ct) => sender.Send(command, ct))
            .WithSummary("User name and password → access token, refresh token, expiresIn (demo mode or Authentication:PasswordFlow; the web app uses /connect/authorize).")
            .Produces<TokenPair>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        auth.MapPost("/refresh", (RefreshTokenCommand command, ISender sender, CancellationToken ct) => sender.Send(command, ct))
            .WithSummary("Refresh token → a new pair; the old refresh token stops working.")
            .Produces<TokenPair>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}
