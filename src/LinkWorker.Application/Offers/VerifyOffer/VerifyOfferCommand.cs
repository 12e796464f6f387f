using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Offers.VerifyOffer;

/// <summary>The maintainer checked with the organiser that the offer still runs as described.</summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record VerifyOfferCommand(Guid OfferId) : IRequest<OfferView>;

internal sealed class VerifyOfferHandler(IAppDbContext db, OfferCatalogue catalogue) : IRequestHandler<VerifyOfferCommand, OfferView>
{
    public async ValueTask<OfferView> Handle(VerifyOfferCommand command, CancellationToken cancellationToken)
    {
        var offer = await catalogue.Find(command.OfferId, cancellationToken);
        offer.Verify(await catalogue.VerificationNow(cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        return await catalogue.ViewOf(offer, cancellationToken);
    }
}
