using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Offers.ListOffers;

/// <summary>The directory by name. Maintainers ask for the stale ones to know whom to call; archived ones on request.</summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record ListOffersQuery(bool? Stale, bool IncludeArchived) : IRequest<IReadOnlyList<OfferView>>;

internal sealed class ListOffersHandler(OfferCatalogue catalogue) : IRequestHandler<ListOffersQuery, IReadOnlyList<OfferView>>
{
    public async ValueTask<IReadOnlyList<OfferView>> Handle(ListOffersQuery query, CancellationToken cancellationToken)
    {
        var directory = await catalogue.Load(query.IncludeArchived, cancellationToken);
        return directory.Offers
            .Select(directory.View)
            .Where(v => query.Stale is not { } stale || v.IsStale == stale)
            .ToList();
    }
}
