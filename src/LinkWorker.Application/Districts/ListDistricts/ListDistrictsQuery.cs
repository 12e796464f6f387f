using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Districts.ListDistricts;

/// <summary>The municipality's districts and their postcodes.</summary>
[Authorize(Roles.Coordinator, Roles.Guide, Roles.Administrator)]
public sealed record ListDistrictsQuery : IRequest<IReadOnlyList<DistrictView>>;

internal sealed class ListDistrictsHandler(IAppDbContext db) : IRequestHandler<ListDistrictsQuery, IReadOnlyList<DistrictView>>
{
    public async ValueTask<IReadOnlyList<DistrictView>> Handle(ListDistrictsQuery query, CancellationToken cancellationToken) =>
        (await db.Districts.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken))
            .Select(d => new DistrictView(d.Id, d.Name, d.Postcodes, d.Version)).ToList();
}
