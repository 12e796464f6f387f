using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.GetAccount;

/// <summary>Administrators: one account of their municipality (another municipality's is "not found").</summary>
[Authorize(Roles.Administrator)]
public sealed record GetAccountQuery(Guid UserId) : IRequest<AccountView>, IAuditedRequest;

internal sealed class GetAccountHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit) : IRequestHandler<GetAccountQuery, AccountView>
{
    public async ValueTask<AccountView> Handle(GetAccountQuery query, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(query.UserId, user.RequiredMunicipalityCode, cancellationToken)
            ?? throw new NotFoundException(AccountRules.Entity);
        audit.Record(AccountRules.Entity, account.Id);
        return account;
    }
}
