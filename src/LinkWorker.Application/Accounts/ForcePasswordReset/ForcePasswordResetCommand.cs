using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Accounts.ForcePasswordReset;

/// <summary>
/// Administrators reset a person's password (forgotten, or feared known to others): the old password stops
/// working, the answer holds a one-time password shown only now, the person must choose a new password at the next
/// sign-in, and their tokens are revoked (ADR 0019). Audited; the password never is.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record ForcePasswordResetCommand(Guid UserId) : IRequest<ForcePasswordResetResult>, IAuditedRequest;

public sealed record ForcePasswordResetResult(Guid Id, string OneTimePassword);

internal sealed class ForcePasswordResetHandler(ICurrentUser user, IAccountStore accounts, IAuditTrail audit)
    : IRequestHandler<ForcePasswordResetCommand, ForcePasswordResetResult>
{
    public async ValueTask<ForcePasswordResetResult> Handle(ForcePasswordResetCommand command, CancellationToken cancellationToken)
    {
        var account = await accounts.FindAsync(command.UserId, user.RequiredMunicipalityCode, cancellationToken)
            ?? throw new NotFoundException(AccountRules.Entity);
        var password = await accounts.ForcePasswordResetAsync(account.Id, cancellationToken);
        audit.Record(AccountRules.Entity, account.Id);
        return new ForcePasswordResetResult(account.Id, password);
    }
}
