using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Offers.GetOffer;

[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record GetOfferQuery(Guid OfferId) : IRequest<OfferView>;

internal sealed class GetOfferHandler(OfferCatalogue catalogue) : IRequestHandler<GetOfferQuery, OfferView>
{
    public async Task<OfferView> Handle(GetOfferQuery query, CancellationToken cancellationToken) =>
        await catalogue.ViewOf(await catalogue.Find(query.OfferId, cancellationToken), cancellationToken);
}
