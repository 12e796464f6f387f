using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.LockAccount;

/// <summary>
/// Administrators lock an account until it is unlocked: the sign-in page answers as for an unknown user, and every
/// token and refresh token it holds stops working at once. Not one's own account. Audited.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record LockAccountCommand(Guid UserId) : IRequest<AccountView>, IAuditedRequest;

internal sealed class LockAccountHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit) : IRequestHandler<LockAccountCommand, AccountView>
{
    public async ValueTask<AccountView> Handle(LockAccountCommand command, CancellationToken cancellationToken)
    {
        var municipality = user.RequiredMunicipalityCode;
        var account = await accounts.FindAsync(command.UserId, municipality, cancellationToken) ?? throw new NotFoundException(AccountRules.Entity);
        AccountRules.NotSelf(user, account.Id, "Du kan ikke låse din egen konto. / You cannot lock your own account.");
        await accounts.LockAsync(account.Id, cancellationToken);
        audit.Record(AccountRules.Entity, account.Id);
        return (await accounts.FindAsync(account.Id, municipality, cancellationToken))!;
    }
}
