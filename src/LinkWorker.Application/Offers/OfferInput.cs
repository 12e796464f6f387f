using FluentValidation;
using LinkWorker.Domain.Offers;

namespace LinkWorker.Application.Offers;

/// <summary>An offer as its maintainers send it (forms, API, one row of an import).</summary>
public sealed record OfferInput(
    string? ExternalId,
    string? Name,
    string? Description,
    OrganiserInput? Organiser,
    InterventionStrategy? Strategy,
    OfferType? Type,
    int? MinAge,
    int? MaxAge,
    IReadOnlyList<TargetGroup>? TargetGroups,
    GenderFocus? GenderFocus,
    IReadOnlyList<string>? Languages,
    OfferRunBy? RunBy,
    IReadOnlyList<OfferMode>? Modes,
    IReadOnlyList<Interest>? Interests,
    LocationInput? Location,
    Guid? DistrictId,
    IReadOnlyList<SessionInput>? Schedule,
    string? ScheduleNote,
    int? Cost,
    string? CostNote,
    string? AccessibilityNotes,
    string? TransportNotes,
    ContactInput? Contact,
    int? Version = null);

public sealed record OrganiserInput(string? Name, string? Website, string? Email, string? Phone);

public sealed record LocationInput(string? Name, string? Street, string? Postcode, string? City, double? Latitude, double? Longitude);

/// <summary>A weekly session; times as "HH:mm", Danish local time.</summary>
public sealed record SessionInput(DayOfWeek? Day, string? Opens, string? Closes);

public sealed record ContactInput(string? Name, string? Role, string? Phone, string? Email);

internal sealed class OfferInputValidator : AbstractValidator<OfferInput>
{
    private const string Time = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public static readonly OfferInputValidator Instance = new();

    /// <summary>For a command that carries the offer as its body: the failures are named as the body's fields.</summary>
    public static void ReportAsBody<T>(OfferInput input, ValidationContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var failure in Instance.Validate(input).Errors)
        {
            context.AddFailure(failure);
        }
    }

    public OfferInputValidator()
    {
        RuleFor(o => o.ExternalId).MaximumLength(100);
        RuleFor(o => o.Name).NotEmpty().WithMessage("Name the offer.").MaximumLength(200);
        RuleFor(o => o.Description).MaximumLength(4000);
        RuleFor(o => o.Organiser).NotNull().WithMessage("Name the organiser.");
        RuleFor(o => o.Organiser!.Name).NotEmpty().WithMessage("Name the organiser.").MaximumLength(200).When(o => o.Organiser is not null);
        RuleFor(o => o.Organiser!.Email).EmailAddress().MaximumLength(254).When(o => o.Organiser is not null);
        RuleFor(o => o.Organiser!.Website).MaximumLength(500).When(o => o.Organiser is not null);
        RuleFor(o => o.Organiser!.Phone).MaximumLength(40).When(o => o.Organiser is not null);
        RuleFor(o => o.Strategy).NotNull().WithMessage("Choose the intervention strategy.").IsInEnum();
        RuleFor(o => o.Type).NotNull().WithMessage("Choose the type of offer.").IsInEnum();
        RuleFor(o => o.MinAge).InclusiveBetween(0, 120);
        RuleFor(o => o.MaxAge).InclusiveBetween(0, 120)
            .GreaterThanOrEqualTo(o => o.MinAge).When(o => o.MinAge is not null).WithMessage("The highest age must not be below the lowest.");
        RuleForEach(o => o.TargetGroups).IsInEnum();
        RuleFor(o => o.GenderFocus).IsInEnum();
        RuleForEach(o => o.Languages).Matches("^[a-z]{2}$").WithMessage("Use two-letter ISO 639-1 language codes such as \"da\" or \"ar\".");
        RuleFor(o => o.RunBy).IsInEnum();
        RuleFor(o => o.Modes).NotEmpty().WithMessage("Say how people take part: InPerson, Online or Phone.");
        RuleForEach(o => o.Modes).IsInEnum();
        RuleForEach(o => o.Interests).IsInEnum();
        RuleFor(o => o.Location).NotNull().When(o => o.Modes?.Contains(OfferMode.InPerson) == true)
            .WithMessage("An offer that meets in person needs a location.");
        When(o => o.Location is not null, () =>
        {
            RuleFor(o => o.Location!.Name).MaximumLength(200);
            RuleFor(o => o.Location!.Street).MaximumLength(200);
            RuleFor(o => o.Location!.City).MaximumLength(100);
            RuleFor(o => o.Location!.Postcode).NotEmpty().When(o => o.Modes?.Contains(OfferMode.InPerson) == true)
                .WithMessage("An offer that meets in person needs its postcode.")
                .Matches("^[0-9]{4}$").WithMessage("A Danish postcode has four digits.");
            RuleFor(o => o.Location!.Latitude).InclusiveBetween(-90, 90)
                .NotNull().When(o => o.Location!.Longitude is not null).WithMessage("Give both coordinates or neither.");
            RuleFor(o => o.Location!.Longitude).InclusiveBetween(-180, 180)
                .NotNull().When(o => o.Location!.Latitude is not null).WithMessage("Give both coordinates or neither.");
        });
        RuleForEach(o => o.Schedule).ChildRules(session =>
        {
            session.RuleFor(s => s.Day).NotNull().WithMessage("Name the day.").IsInEnum();
            session.RuleFor(s => s.Opens).NotEmpty().Matches(Time).WithMessage("Give the time as HH:mm.");
            session.RuleFor(s => s.Closes).NotEmpty().Matches(Time).WithMessage("Give the time as HH:mm.")
                .Must((s, closes) => string.CompareOrdinal(closes, s.Opens) > 0).When(s => s.Opens is not null).WithMessage("A session closes after it opens.");
        });
        RuleFor(o => o.ScheduleNote).MaximumLength(500);
        RuleFor(o => o.Cost).GreaterThanOrEqualTo(0).WithMessage("The cost is whole kroner per time, 0 for free.");
        RuleFor(o => o.CostNote).MaximumLength(500);
        RuleFor(o => o.AccessibilityNotes).MaximumLength(1000);
        RuleFor(o => o.TransportNotes).MaximumLength(1000);
        RuleFor(o => o.Contact).NotNull().WithMessage("Name the contact person who welcomes newcomers.");
        When(o => o.Contact is not null, () =>
        {
            RuleFor(o => o.Contact!.Name).NotEmpty().WithMessage("Name the contact person who welcomes newcomers.").MaximumLength(200);
            RuleFor(o => o.Contact!.Role).MaximumLength(200);
            RuleFor(o => o.Contact!.Phone).MaximumLength(40);
            RuleFor(o => o.Contact!.Email).EmailAddress().MaximumLength(254);
        });
    }
}
