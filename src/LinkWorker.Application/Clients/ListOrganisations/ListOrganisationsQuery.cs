using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Organisations;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Clients.ListOrganisations;

/// <summary>Administrators: the organisations of their municipality, to register a system client for one.</summary>
[Authorize(Roles.Administrator)]
public sealed record ListOrganisationsQuery : IRequest<IReadOnlyList<OrganisationView>>;

public sealed record OrganisationView(Guid Id, string Name, Sector Sector);

internal sealed class ListOrganisationsHandler(IAppDbContext db) : IRequestHandler<ListOrganisationsQuery, IReadOnlyList<OrganisationView>>
{
    // The query filter keeps other municipalities' organisations out.
    public async ValueTask<IReadOnlyList<OrganisationView>> Handle(ListOrganisationsQuery query, CancellationToken cancellationToken) =>
        await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationView(o.Id, o.Name, o.Sector)).ToListAsync(cancellationToken);
}
