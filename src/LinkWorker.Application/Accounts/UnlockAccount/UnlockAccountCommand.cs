using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.UnlockAccount;

/// <summary>Administrators unlock an account (also one locked by wrong passwords); the person signs in again. Audited.</summary>
[Authorize(Roles.Administrator)]
public sealed record UnlockAccountCommand(Guid UserId) : IRequest<AccountView>, IAuditedRequest;

internal sealed class UnlockAccountHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit) : IRequestHandler<UnlockAccountCommand, AccountView>
{
    public async ValueTask<AccountView> Handle(UnlockAccountCommand command, CancellationToken cancellationToken)
    {
        var municipality = user.RequiredMunicipalityCode;
        var account = await accounts.FindAsync(command.UserId, municipality, cancellationToken) ?? throw new NotFoundException(AccountRules.Entity);
        await accounts.UnlockAsync(account.Id, cancellationToken);
        audit.Record(AccountRules.Entity, account.Id);
        return (await accounts.FindAsync(account.Id, municipality, cancellationToken))!;
    }
}
