using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Offers;
using Mediator;

namespace LinkWorker.Application.Offers.CreateOffer;

/// <summary>A new offer in the directory; whoever adds it has verified it today.</summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record CreateOfferCommand(OfferInput? Offer) : IRequest<OfferView>, IIdempotentRequest
{
    public string? IdempotencyKey { get; init; }
}

internal sealed class CreateOfferValidator : AbstractValidator<CreateOfferCommand>
{
    public CreateOfferValidator()
    {
        RuleFor(c => c.Offer).NotNull().WithMessage("Send the offer.");
        RuleFor(c => c.Offer!).Custom(OfferInputValidator.ReportAsBody).When(c => c.Offer is not null);
    }
}

internal sealed class CreateOfferHandler(IAppDbContext db, ICurrentUser user, OfferCatalogue catalogue, TimeProvider clock)
    : IRequestHandler<CreateOfferCommand, OfferView>
{
    public async ValueTask<OfferView> Handle(CreateOfferCommand command, CancellationToken cancellationToken)
    {
        var input = command.Offer!;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var details = OfferCatalogue.ToDetails(input, await catalogue.Districts(cancellationToken), (field, message) => errors[field] = [message]);
        if (details.ExternalId is { } externalId && await OfferCatalogue.ExternalIdTaken(db, externalId, null, cancellationToken))
        {
            errors["externalId"] = ["Another offer has this external id."];
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var organiser = await catalogue.Organiser(input.Organiser!, cancellationToken);
        var offer = new Offer(Guid.CreateVersion7(clock.GetUtcNow()), user.RequiredMunicipalityCode, organiser.Id, details, await catalogue.VerificationNow(cancellationToken));
        db.Offers.Add(offer);
        await db.SaveChangesAsync(cancellationToken);
        return await catalogue.ViewOf(offer, cancellationToken);
    }
}
