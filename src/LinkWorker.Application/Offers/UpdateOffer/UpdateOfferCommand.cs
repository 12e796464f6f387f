using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Application.Offers.UpdateOffer;

/// <summary>Replaces an offer's details; send the version you read. Verification is its own step.</summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record UpdateOfferCommand(Guid OfferId, OfferInput? Offer) : IRequest<OfferView>;

internal sealed class UpdateOfferValidator : AbstractValidator<UpdateOfferCommand>
{
    public UpdateOfferValidator()
    {
        RuleFor(c => c.Offer).NotNull().WithMessage("Send the offer.");
        RuleFor(c => c.Offer!.Version).NotNull().WithMessage("Send the version you read.").OverridePropertyName("version").When(c => c.Offer is not null);
        RuleFor(c => c.Offer!).Custom(OfferInputValidator.ReportAsBody).When(c => c.Offer is not null);
    }
}

internal sealed class UpdateOfferHandler(IAppDbContext db, OfferCatalogue catalogue) : IRequestHandler<UpdateOfferCommand, OfferView>
{
    public async ValueTask<OfferView> Handle(UpdateOfferCommand command, CancellationToken cancellationToken)
    {
        var input = command.Offer!;
        var offer = await catalogue.Find(command.OfferId, cancellationToken);
        if (offer.Version != input.Version)
        {
            throw new ConflictException($"The offer was changed since you read it (version {offer.Version}).");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var details = OfferCatalogue.ToDetails(input, await catalogue.Districts(cancellationToken), (field, message) => errors[field] = [message]);
        if (details.ExternalId is { } externalId && await OfferCatalogue.ExternalIdTaken(db, externalId, offer.Id, cancellationToken))
        {
            errors["externalId"] = ["Another offer has this external id."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var organiser = await catalogue.Organiser(input.Organiser!, cancellationToken);
        offer.Update(organiser.Id, details);
        await db.SaveChangesAsync(cancellationToken);
        return await catalogue.ViewOf(offer, cancellationToken);
    }
}
