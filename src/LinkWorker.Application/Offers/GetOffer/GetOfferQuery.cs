using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Offers.GetOffer;

[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record GetOfferQuery(Guid OfferId) : IRequest<OfferView>;

internal sealed class GetOfferHandler(OfferCatalogue catalogue) : IRequestHandler<GetOfferQuery, OfferView>
{
    public async ValueTask<OfferView> Handle(GetOfferQuery query, CancellationToken cancellationToken) =>
        await catalogue.ViewOf(await catalogue.Find(query.OfferId, cancellationToken), cancellationToken);
}
