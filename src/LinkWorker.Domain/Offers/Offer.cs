using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Offers;

/// <summary>
/// A community or activity in the municipality's directory (Social Vejviser): an HSDS service with its one
/// location, schedule and contact person. Offers are archived, never deleted, because matches point at them.
/// </summary>
public sealed class Offer : IMunicipalityScoped, IVersioned
{
    private Offer()
    {
    }

    public Offer(Guid id, string municipalityCode, Guid organiserId, OfferDetails details, Verification verification)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        OrganiserId = organiserId;
        Update(organiserId, details);
        Verify(verification);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    /// <summary>The offer's id in the system it was imported from; importing the same row again updates it.</summary>
    public string? ExternalId { get; private set; }

    public Guid OrganiserId { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public InterventionStrategy Strategy { get; private set; }

    public OfferType Type { get; private set; }

    public int? MinAge { get; private set; }

    public int? MaxAge { get; private set; }

    public IReadOnlyList<TargetGroup> TargetGroups { get; private set; } = [];

    public GenderFocus GenderFocus { get; private set; }

    /// <summary>ISO 639-1 codes of the languages spoken at the offer.</summary>
    public IReadOnlyList<string> Languages { get; private set; } = [];

    public OfferRunBy RunBy { get; private set; }

    public IReadOnlyList<OfferMode> Modes { get; private set; } = [];

    public IReadOnlyList<Interest> Interests { get; private set; } = [];

    public string? LocationName { get; private set; }

    public string? Street { get; private set; }

    public string? Postcode { get; private set; }

    public string? City { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public Guid? DistrictId { get; private set; }

    public IReadOnlyList<OfferSession> Schedule { get; private set; } = [];

    /// <summary>What the sessions cannot say: "every other Tuesday", "by appointment".</summary>
    public string? ScheduleNote { get; private set; }

    /// <summary>Whole kroner per time; 0 is free, null unknown.</summary>
    public int? Cost { get; private set; }

    public string? CostNote { get; private set; }

    public string? AccessibilityNotes { get; private set; }

    public string? TransportNotes { get; private set; }

    public string ContactName { get; private set; } = "";

    public string? ContactRole { get; private set; }

    public string? ContactPhone { get; private set; }

    public string? ContactEmail { get; private set; }

    public DateTimeOffset LastVerifiedAt { get; private set; }

    public Guid VerifiedBy { get; private set; }

    /// <summary>The verifier's name as it was, so the directory can say who vouched for the entry.</summary>
    public string VerifiedByName { get; private set; } = "";

    public DateTimeOffset? ArchivedAt { get; private set; }

    public int Version { get; set; }

    public OfferLocation Location => new(LocationName, Street, Postcode, City, Latitude, Longitude);

    public OfferContact Contact => new(ContactName, ContactRole, ContactPhone, ContactEmail);

    public bool IsArchived => ArchivedAt is not null;

    public bool MeetsInPerson => Modes.Contains(OfferMode.InPerson);

    public void Update(Guid organiserId, OfferDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        details.Check();
        OrganiserId = organiserId;
        ExternalId = details.ExternalId;
        Name = details.Name;
        Description = details.Description;
        Strategy = details.Strategy;
        Type = details.Type;
        MinAge = details.MinAge;
        MaxAge = details.MaxAge;
        TargetGroups = details.TargetGroups.Distinct().Order().ToList();
        GenderFocus = details.GenderFocus;
        Languages = details.Languages.Select(l => l.ToLowerInvariant()).Distinct().ToList();
        RunBy = details.RunBy;
        Modes = details.Modes.Distinct().Order().ToList();
        Interests = details.Interests.Distinct().Order().ToList();
        (LocationName, Street, Postcode, City, Latitude, Longitude) = details.Location;
        DistrictId = details.DistrictId;
        Schedule = details.Schedule.OrderBy(s => (((int)s.Day + 6) % 7, s.Opens)).ToList();
        ScheduleNote = details.ScheduleNote;
        Cost = details.Cost;
        CostNote = details.CostNote;
        AccessibilityNotes = details.AccessibilityNotes;
        TransportNotes = details.TransportNotes;
        (ContactName, ContactRole, ContactPhone, ContactEmail) = details.Contact;
    }

    public void Verify(Verification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        LastVerifiedAt = Instant.Normalize(verification.At);
        VerifiedBy = verification.By;
        VerifiedByName = verification.ByName;
    }

    /// <summary>Not verified for longer than the municipality allows: guides are told to check it before they rely on it.</summary>
    public bool IsStale(DateTimeOffset now, int staleAfterMonths) => LastVerifiedAt.AddMonths(staleAfterMonths) < now;

    public void Archive(DateTimeOffset at) => ArchivedAt ??= Instant.Normalize(at);

    public void Restore() => ArchivedAt = null;

    /// <summary>True when a person of this age may join (no limit given means everyone).</summary>
    public bool Admits(int age) => (MinAge is null || age >= MinAge) && (MaxAge is null || age <= MaxAge);

    /// <summary>Offers without a language listed are held in Danish.</summary>
    public bool Speaks(string language) =>
        Languages.Count == 0 ? string.Equals(language, "da", StringComparison.OrdinalIgnoreCase) : Languages.Contains(language.ToLowerInvariant());
}

/// <summary>Who checked that an offer is still as described, and when.</summary>
public sealed record Verification(DateTimeOffset At, Guid By, string ByName);

/// <summary>Everything about an offer that its maintainers edit.</summary>
public sealed record OfferDetails(
    string? ExternalId,
    string Name,
    string Description,
    InterventionStrategy Strategy,
    OfferType Type,
    int? MinAge,
    int? MaxAge,
    IReadOnlyList<TargetGroup> TargetGroups,
    GenderFocus GenderFocus,
    IReadOnlyList<string> Languages,
    OfferRunBy RunBy,
    IReadOnlyList<OfferMode> Modes,
    IReadOnlyList<Interest> Interests,
    OfferLocation Location,
    Guid? DistrictId,
    IReadOnlyList<OfferSession> Schedule,
    string? ScheduleNote,
    int? Cost,
    string? CostNote,
    string? AccessibilityNotes,
    string? TransportNotes,
    OfferContact Contact)
{
    /// <summary>The rules the validators report field by field; here they guard the entity itself.</summary>
    internal void Check()
    {
        if (string.IsNullOrWhiteSpace(Name) || string.IsNullOrWhiteSpace(Contact.Name))
        {
            throw new DomainRuleException("An offer has a name and a contact person.");
        }

        if (MinAge > MaxAge || MinAge < 0 || Cost < 0)
        {
            throw new DomainRuleException("Ages run from the lowest to the highest; the cost is not negative.");
        }

        if (Modes.Count == 0)
        {
            throw new DomainRuleException("Say how people take part: in person, online or by phone.");
        }

        if (Schedule.Any(s => s.Closes <= s.Opens))
        {
            throw new DomainRuleException("A session closes after it opens.");
        }

        if (Location.Point is { IsValid: false })
        {
            throw new DomainRuleException("Coordinates are latitude −90…90 and longitude −180…180.");
        }
    }
}
