using FluentValidation;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Accounts.ChangeAccountRoles;

/// <summary>
/// Administrators set a person's roles (the whole set). The person's tokens are revoked, so a removed role takes
/// effect at once; the next sign-in carries the new roles. A new guide gets a guide record; a former guide's is
/// kept inactive. An administrator cannot remove their own administrator role. Audited.
/// </summary>
[Authorize(Common.Security.Roles.Administrator)]
public sealed record ChangeAccountRolesCommand(Guid UserId, IReadOnlyList<string>? Roles) : IRequest<AccountView>, IAuditedRequest;

internal sealed class ChangeAccountRolesValidator : AbstractValidator<ChangeAccountRolesCommand>
{
    public ChangeAccountRolesValidator() => RuleFor(c => c.Roles).ValidRoles();
}

internal sealed class ChangeAccountRolesHandler(IAppDbContext db, ICurrentUser user, IAccountStore accounts, IAuditTrail audit)
    : IRequestHandler<ChangeAccountRolesCommand, AccountView>
{
    public async ValueTask<AccountView> Handle(ChangeAccountRolesCommand command, CancellationToken cancellationToken)
    {
        var municipality = user.RequiredMunicipalityCode;
        var account = await accounts.FindAsync(command.UserId, municipality, cancellationToken) ?? throw new NotFoundException(AccountRules.Entity);
        var roles = command.Roles!.Distinct(StringComparer.Ordinal).ToList();
        var isReferrer = roles.Contains(Roles.Referrer);
        if (!roles.Contains(Roles.Administrator))
        {
            AccountRules.NotSelf(user, account.Id, "Du kan ikke fjerne din egen administratorrolle. / You cannot remove your own administrator role.");
        }

        if (isReferrer != (account.OrganisationId is not null))
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["roles"] = ["En henviser er knyttet til en organisation, personale er ikke; opret en ny konto. / A referrer belongs to an organisation and staff do not; create a new account."],
            });
        }

        await accounts.SetRolesAsync(account.Id, roles, cancellationToken);
        var guide = await db.Guides.SingleOrDefaultAsync(g => g.Id == account.Id, cancellationToken);
        AccountRules.KeepGuideRecord(guide, account.Id, municipality, account.DisplayName, roles.Contains(Roles.Guide), g => db.Guides.Add(g));
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(AccountRules.Entity, account.Id);
        return (await accounts.FindAsync(account.Id, municipality, cancellationToken))!;
    }
}
