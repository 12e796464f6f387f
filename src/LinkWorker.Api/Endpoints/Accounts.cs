using LinkWorker.Application.Accounts;
using LinkWorker.Application.Accounts.ChangeAccountRoles;
using LinkWorker.Application.Accounts.ChangeOwnPassword;
using LinkWorker.Application.Accounts.CreateAccount;
using LinkWorker.Application.Accounts.ForcePasswordReset;
using LinkWorker.Application.Accounts.GetAccount;
using LinkWorker.Application.Accounts.ListAccounts;
using LinkWorker.Application.Accounts.LockAccount;
using LinkWorker.Application.Accounts.UnlockAccount;
using LinkWorker.Application.Common.Paging;
using Mediator;

namespace LinkWorker.Api.Endpoints;

/// <summary>
/// Administrators manage the accounts of their municipality (ADR 0019); everybody changes their own password.
/// The second factor's reset is /api/admin/accounts/{id}/reset-mfa (in <see cref="Auth"/>).
/// </summary>
internal sealed class Accounts : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/admin/accounts").WithTags("Accounts").RequireAuthorization();

        accounts.MapGet("", (string? cursor, int? pageSize, ISender sender, CancellationToken ct) => sender.Send(new ListAccountsQuery(cursor, pageSize), ct))
            .WithSummary("Administrators: the municipality's accounts, oldest first. Paged: pageSize (default 50, at most 200), cursor = the previous page's nextCursor.")
            .Produces<CursorPage<AccountView>>()
            .ProducesValidationProblem();
        accounts.MapPost("", async (AccountInput input, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CreateAccountCommand(input.UserName, input.DisplayName, input.Email, input.Roles, input.OrganisationId), ct);
                return TypedResults.Created($"/api/admin/accounts/{result.Id}", result);
            })
            .HonoursIdempotencyKey()
            .WithSummary("Administrators: a staff or referrer account; the one-time password is in this answer only and must be changed at the first sign-in. Honours Idempotency-Key.")
            .ProducesValidationProblem();
        accounts.MapGet("/{userId:guid}", (Guid userId, ISender sender, CancellationToken ct) => sender.Send(new GetAccountQuery(userId), ct))
            .WithSummary("Administrators: one account of the municipality.")
            .Produces<AccountView>();
        accounts.MapPut("/{userId:guid}/roles", (Guid userId, RolesInput input, ISender sender, CancellationToken ct) =>
                sender.Send(new ChangeAccountRolesCommand(userId, input.Roles), ct))
            .WithSummary("Administrators: the person's whole set of roles; their tokens are revoked so the change holds at once.")
            .Produces<AccountView>()
            .ProducesValidationProblem();
        accounts.MapPost("/{userId:guid}/lock", (Guid userId, ISender sender, CancellationToken ct) => sender.Send(new LockAccountCommand(userId), ct))
            .WithSummary("Administrators: no sign-in until unlocked, and every token the account holds stops working now.")
            .Produces<AccountView>()
            .ProducesValidationProblem();
        accounts.MapPost("/{userId:guid}/unlock", (Guid userId, ISender sender, CancellationToken ct) => sender.Send(new UnlockAccountCommand(userId), ct))
            .WithSummary("Administrators: the account can sign in again.")
            .Produces<AccountView>();
        accounts.MapPost("/{userId:guid}/reset-password", (Guid userId, ISender sender, CancellationToken ct) => sender.Send(new ForcePasswordResetCommand(userId), ct))
            .WithSummary("Administrators: a one-time password (shown once) replaces the password; a new one must be chosen at the next sign-in.")
            .Produces<ForcePasswordResetResult>();

        app.MapPost("/api/me/password", async (ChangeOwnPasswordCommand command, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(command, ct);
                return TypedResults.NoContent();
            })
            .WithTags("Accounts")
            .WithSummary("Changes your own password: currentPassword and newPassword (Identity's rules; common passwords are refused).")
            .ProducesValidationProblem()
            .RequireAuthorization()
            .RequireRateLimiting(Auth.RateLimitPolicy);
    }
}

/// <summary>A new account. Roles: Guide, Coordinator, Administrator, DirectoryAdministrator, or Referrer with organisationId.</summary>
internal sealed record AccountInput(string? UserName, string? DisplayName, string? Email, IReadOnlyList<string>? Roles, Guid? OrganisationId);

internal sealed record RolesInput(IReadOnlyList<string>? Roles);
