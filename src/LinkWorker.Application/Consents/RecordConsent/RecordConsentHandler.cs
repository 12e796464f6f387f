using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;

namespace LinkWorker.Application.Consents.RecordConsent;

internal sealed class RecordConsentHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RecordConsentCommand, ConsentView>
{
    public async Task<ConsentView> Handle(RecordConsentCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var now = clock.GetUtcNow();
        var consent = new Consent(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, command.Scopes!, command.Method!.Value, command.ObtainedBy!.Trim(),
            command.ObtainedAt!.Value.ToUniversalTime(), command.ExpiresAt?.ToUniversalTime(), user.RequiredUserId, now);
        db.Consents.Add(consent);
        audit.Record(nameof(Consent), consent.Id);
        return ConsentView.Of(consent, now);
    }
}
