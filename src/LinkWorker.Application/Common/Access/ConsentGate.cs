using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Consents;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Access;

/// <summary>Answers "is scope X active for this case now?" from the consent history, by the application's clock.</summary>
internal sealed class ConsentGate(IAppDbContext db, TimeProvider clock)
{
    public async Task<IReadOnlyList<Consent>> HistoryOf(Guid caseId, CancellationToken cancellationToken) =>
        await db.Consents.AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.RecordedAt).ToListAsync(cancellationToken);

    public async Task<bool> IsActive(Guid caseId, ConsentScope scope, CancellationToken cancellationToken) =>
        ConsentRules.IsActive(await HistoryOf(caseId, cancellationToken), scope, clock.GetUtcNow());

    /// <summary>Throws the consent-required problem when the scope is not active now.</summary>
    /// <remarks>A restricted citizen's case records nothing new, whatever the consents say (ADR 27).</remarks>
    public async Task Require(Guid caseId, ConsentScope scope, string action, CancellationToken cancellationToken)
    {
        await ProcessingRestriction.Require(db, caseId, cancellationToken);
        ConsentRules.Require(await HistoryOf(caseId, cancellationToken), scope, clock.GetUtcNow(), action);
    }

    /// <summary>For many cases at once: the cases whose scope is active now.</summary>
    public async Task<IReadOnlySet<Guid>> CasesWithActive(IReadOnlyCollection<Guid> caseIds, ConsentScope scope, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var consents = await db.Consents.AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).ToListAsync(cancellationToken);
        return consents.Where(c => c.Covers(scope, now)).Select(c => c.CaseId).ToHashSet();
    }
}
