using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Auth.ResetSecondFactor;

/// <summary>
/// Administrators: a person of their municipality who lost their authenticator enrols again at the next sign-in;
/// the old authenticator and recovery codes stop working. Audited.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record ResetSecondFactorCommand(Guid UserId) : IRequest<bool>, IAuditedRequest;

internal sealed class ResetSecondFactorHandler(ICurrentUser user, ISecondFactor secondFactor, IAuditTrail audit) : IRequestHandler<ResetSecondFactorCommand, bool>
{
    public async ValueTask<bool> Handle(ResetSecondFactorCommand command, CancellationToken cancellationToken)
    {
        if (!await secondFactor.ResetAsync(command.UserId, user.RequiredMunicipalityCode, cancellationToken))
        {
            throw new NotFoundException("Account");
        }

        audit.Record("Account", command.UserId);
        return true;
    }
}
