using FluentValidation;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Offers;
using Mediator;

namespace LinkWorker.Application.Offers.SearchOffers;

/// <summary>
/// A guide's search: every criterion given is a filter; the results come best fit first, each with its reasons.
/// Distance is measured from the centre of <see cref="Postcode"/> (the citizen's, typically).
/// </summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record SearchOffersQuery(
    string? Q,
    InterventionStrategy? Strategy,
    OfferType? Type,
    OfferMode? Mode,
    Guid? DistrictId,
    string? Postcode,
    double? WithinKm,
    int? Age,
    string? Language,
    int? MaxCost,
    DayOfWeek? Day) : IRequest<IReadOnlyList<OfferMatchView>>
{
    /// <summary>Offers sharing any of these interests ("crafts", "walks"), the more shared the better.</summary>
    public IReadOnlyList<Interest> Interests { get; init; } = [];
}

internal sealed class SearchOffersValidator : AbstractValidator<SearchOffersQuery>
{
    public SearchOffersValidator()
    {
        RuleFor(q => q.Q).MaximumLength(200);
        RuleFor(q => q.Postcode).Matches("^[0-9]{4}$").WithMessage("A Danish postcode has four digits.")
            .NotEmpty().When(q => q.WithinKm is not null).WithMessage("Give the postcode to measure the distance from.");
        RuleFor(q => q.WithinKm).GreaterThan(0).LessThanOrEqualTo(300);
        RuleFor(q => q.Age).InclusiveBetween(0, 120);
        RuleFor(q => q.Language).Matches("^[a-z]{2}$").WithMessage("Use a two-letter ISO 639-1 language code such as \"da\" or \"ar\".");
        RuleFor(q => q.MaxCost).GreaterThanOrEqualTo(0);
    }
}

internal sealed class SearchOffersHandler(OfferCatalogue catalogue) : IRequestHandler<SearchOffersQuery, IReadOnlyList<OfferMatchView>>
{
    public async ValueTask<IReadOnlyList<OfferMatchView>> Handle(SearchOffersQuery query, CancellationToken cancellationToken)
    {
        GeoPoint? origin = null;
        if (query.Postcode is { } postcode)
        {
            origin = await catalogue.CentreOf(postcode, cancellationToken) ?? throw new ValidationFailedException(
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["postcode"] = ["This postcode is not in the postcode table."] });
        }

        var directory = await catalogue.Load(includeArchived: false, cancellationToken);
        var criteria = new OfferCriteria
        {
            Text = query.Q,
            Strategy = query.Strategy,
            Type = query.Type,
            Mode = query.Mode,
            DistrictId = query.DistrictId,
            Origin = origin,
            WithinKm = query.WithinKm,
            Age = query.Age,
            Language = query.Language,
            LanguageRequired = true,
            MaxCost = query.MaxCost,
            Day = query.Day,
            Interests = query.Interests,
            InterestsRequired = query.Interests.Count > 0,
        };
        return directory.Rank(criteria).Select(directory.MatchView).ToList();
    }
}
