using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Offers.ArchiveOffer;

/// <summary>The offer no longer runs: it leaves search and suggestions, but matches made to it keep their history.</summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record ArchiveOfferCommand(Guid OfferId) : IRequest<OfferView>;

internal sealed class ArchiveOfferHandler(IAppDbContext db, OfferCatalogue catalogue, TimeProvider clock) : IRequestHandler<ArchiveOfferCommand, OfferView>
{
    public async ValueTask<OfferView> Handle(ArchiveOfferCommand command, CancellationToken cancellationToken)
    {
        var offer = await catalogue.Find(command.OfferId, cancellationToken);
        offer.Archive(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await catalogue.ViewOf(offer, cancellationToken);
    }
}
