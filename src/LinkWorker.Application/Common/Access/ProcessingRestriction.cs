using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Citizens;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Access;

/// <summary>
/// A restricted citizen's data is kept but not processed (GDPR art. 18, ADR 27): every step that records something
/// new about them (conversations, interests, measurements, matches, hand-overs) asks here first.
/// </summary>
internal static class ProcessingRestriction
{
    public static async Task Require(IAppDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        var restricted = await (from c in db.Cases
                                where c.Id == caseId
                                join citizen in db.Citizens on c.CitizenId equals citizen.Id
                                select citizen.RestrictedAt != null).FirstOrDefaultAsync(cancellationToken);
        if (restricted)
        {
            throw new ProcessingRestrictedException();
        }
    }
}
