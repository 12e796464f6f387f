using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Accounts.CreateAccount;

/// <summary>
/// Administrators create a staff or referrer account in their municipality. The answer holds a one-time password —
/// the only time it is shown — which the person must replace at their first sign-in (ADR 0019). A guide account
/// gets the guide record the routing uses. Audited.
/// </summary>
[Authorize(Common.Security.Roles.Administrator)]
public sealed record CreateAccountCommand(
    string? UserName, string? DisplayName, string? Email, IReadOnlyList<string>? Roles, Guid? OrganisationId = null)
    : IRequest<CreateAccountResult>, IIdempotentRequest, IAuditedRequest
{
    public string? IdempotencyKey { get; init; }
}

/// <param name="InitialPassword">Shown once; give it to the person by a safe channel. It must be changed at the first sign-in.</param>
public sealed record CreateAccountResult(Guid Id, string UserName, string InitialPassword, AccountView Account);

internal sealed class CreateAccountValidator : AbstractValidator<CreateAccountCommand>
{
    public CreateAccountValidator()
    {
        RuleFor(c => c.UserName).NotEmpty().Length(3, 64)
            .Matches("^[a-z0-9][a-z0-9._@-]*$").WithMessage("Brug små bogstaver, tal og . _ @ - / Use lower-case letters, digits and . _ @ -");
        RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(c => c.Email).EmailAddress().MaximumLength(256).When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.Roles).ValidRoles();
        RuleFor(c => c.OrganisationId).NotEmpty().When(c => c.Roles?.Contains(Roles.Referrer, StringComparer.Ordinal) == true)
            .WithMessage("En henviser hører til en organisation. / A referrer belongs to an organisation.");
        RuleFor(c => c.OrganisationId).Empty().When(c => c.Roles?.Contains(Roles.Referrer, StringComparer.Ordinal) != true)
            .WithMessage("Kun henvisere hører til en organisation. / Only referrers belong to an organisation.");
    }
}

internal sealed class CreateAccountHandler(IAppDbContext db, ICurrentUser user, IAccountStore accounts, IAuditTrail audit)
    : IRequestHandler<CreateAccountCommand, CreateAccountResult>
{
    public async ValueTask<CreateAccountResult> Handle(CreateAccountCommand command, CancellationToken cancellationToken)
    {
        var municipality = user.RequiredMunicipalityCode;
        // The query filter keeps other municipalities' organisations out of reach.
        if (command.OrganisationId is { } organisationId && !await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["organisationId"] = ["Organisationen findes ikke i kommunen. / No such organisation in the municipality."],
            });
        }

        var roles = command.Roles!.Distinct(StringComparer.Ordinal).ToList();
        CreatedAccount created;
        try
        {
            created = await accounts.CreateAsync(
                new NewAccount(command.UserName!, command.DisplayName!.Trim(), string.IsNullOrEmpty(command.Email) ? null : command.Email, municipality, command.OrganisationId, roles),
                cancellationToken);
        }
        catch (AccountRejectedException ex)
        {
            throw new ValidationFailedException(ex.Errors);
        }

        AccountRules.KeepGuideRecord(null, created.Id, municipality, command.DisplayName!.Trim(), roles.Contains(Roles.Guide), g => db.Guides.Add(g));
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(AccountRules.Entity, created.Id);
        var view = await accounts.FindAsync(created.Id, municipality, cancellationToken) ?? throw new NotFoundException(AccountRules.Entity);
        return new CreateAccountResult(created.Id, view.UserName, created.InitialPassword, view);
    }
}
