using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Outcomes.ListOutcomes;

/// <summary>The case's T-ILS measurements and community participation.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record ListOutcomesQuery(Guid CaseId) : IRequest<CaseOutcomes>, ICitizenDataRequest;

internal sealed class ListOutcomesHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit) : IRequestHandler<ListOutcomesQuery, CaseOutcomes>
{
    public async ValueTask<CaseOutcomes> Handle(ListOutcomesQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        return await Of(db, @case.Id, cancellationToken);
    }

    /// <summary>The case's measurements and matches, oldest first (also the case page's sections).</summary>
    internal static async Task<CaseOutcomes> Of(IAppDbContext db, Guid caseId, CancellationToken cancellationToken)
    {
        var measurements = await db.TilsMeasurements.AsNoTracking().Where(m => m.CaseId == caseId).ToListAsync(cancellationToken);
        var participations = await db.CommunityParticipations.AsNoTracking().Where(p => p.CaseId == caseId).ToListAsync(cancellationToken);
        return new CaseOutcomes(
            measurements.OrderBy(m => m.MeasuredAt).Select(MeasurementView.Of).ToList(),
            participations.OrderBy(p => p.MatchedOn).Select(ParticipationView.Of).ToList());
    }
}
