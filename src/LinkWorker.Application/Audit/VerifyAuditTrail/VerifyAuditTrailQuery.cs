using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Audit.VerifyAuditTrail;

/// <summary>Administrators: is the audit trail as it was written? The whole trail, every municipality's links.</summary>
[Authorize(Roles.Administrator)]
public sealed record VerifyAuditTrailQuery : IRequest<AuditTrailVerification>;

internal sealed class VerifyAuditTrailHandler(IAuditChainVerifier verifier) : IRequestHandler<VerifyAuditTrailQuery, AuditTrailVerification>
{
    public ValueTask<AuditTrailVerification> Handle(VerifyAuditTrailQuery query, CancellationToken cancellationToken) =>
        new(verifier.Verify(cancellationToken));
}
