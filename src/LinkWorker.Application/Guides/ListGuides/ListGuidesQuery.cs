using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Guides.ListGuides;

/// <summary>The municipality's guides with their load, for balancing caseloads.</summary>
[Authorize(Roles.Coordinator)]
public sealed record ListGuidesQuery : IRequest<IReadOnlyList<GuideView>>;

internal sealed class ListGuidesHandler(IAppDbContext db) : IRequestHandler<ListGuidesQuery, IReadOnlyList<GuideView>>
{
    public async ValueTask<IReadOnlyList<GuideView>> Handle(ListGuidesQuery query, CancellationToken cancellationToken)
    {
        var names = await db.Districts.ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        var guides = await db.Guides.AsNoTracking().OrderBy(g => g.DisplayName).ToListAsync(cancellationToken);
        return guides.Select(g => GuideProfiles.View(g, names)).ToList();
    }
}
