using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Citizens.EraseExpiredCitizens;

/// <summary>
/// The retention job's round for the caller's municipality: erases up to <see cref="BatchSize"/> citizens whose
/// last case closed longer ago than the municipality keeps personal data. A citizen with an open case, or one closed
/// within the period, is kept whole; so is a restricted one (art. 18: kept, e.g. for a legal claim). Answers how
/// many were erased; the job sends it again while a full batch came back.
/// </summary>
[Authorize(Roles.System)]
public sealed record EraseExpiredCitizensCommand(int BatchSize = EraseExpiredCitizensCommand.DefaultBatchSize) : IRequest<int>, ICitizenDataRequest
{
    public const int DefaultBatchSize = 50;
}

internal sealed class EraseExpiredCitizensHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<EraseExpiredCitizensCommand, int>
{
    public async ValueTask<int> Handle(EraseExpiredCitizensCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var months = await db.Municipalities.AsNoTracking().Where(m => m.Code == user.RequiredMunicipalityCode)
            .Select(m => m.PersonalDataRetentionMonths).SingleAsync(cancellationToken);
        var keepSince = now.AddMonths(-months);

        var expired = await db.Citizens
            .Where(ci => ci.ErasedAt == null && ci.RestrictedAt == null
                && db.Cases.Any(c => c.CitizenId == ci.Id)
                && !db.Cases.Any(c => c.CitizenId == ci.Id && (c.Status != CaseStatus.Closed || c.ClosedAt == null || c.ClosedAt > keepSince)))
            .OrderBy(ci => ci.Id)
            .Take(Math.Clamp(command.BatchSize, 1, 500))
            .ToListAsync(cancellationToken);
        foreach (var citizen in expired)
        {
            await CitizenErasure.Erase(db, audit, citizen, now, cancellationToken);
        }

        // A stored response replays a retry for a day (ADR 3) and may show a citizen; an expired one is only kept
        // until its key is reused, which may be never. The nightly round removes them.
        await db.IdempotencyRecords.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        return expired.Count;
    }
}
