using System.Text.Json.Serialization;

namespace LinkWorker.Application.Offers.ExportOffers;

// Open Referral HSDS 3.0 objects, only the fields the directory fills. Names are HSDS's, in PascalCase here; the
// API writes them snake_case ("service_at_locations", "opens_at").

/// <summary>An HSDS service: one offer. <see cref="AssuredDate"/> and <see cref="LastModified"/> are when it was last verified.</summary>
public sealed record HsdsService(
    Guid Id,
    Guid OrganizationId,
    string Name,
    string Description,
    string Status,
    HsdsOrganization Organization,
    IReadOnlyList<HsdsServiceArea> ServiceAreas,
    IReadOnlyList<HsdsServiceAtLocation> ServiceAtLocations,
    IReadOnlyList<HsdsSchedule> Schedules,
    IReadOnlyList<HsdsContact> Contacts,
    IReadOnlyList<HsdsLanguage> Languages,
    IReadOnlyList<HsdsCostOption> CostOptions,
    int? MinimumAge,
    int? MaximumAge,
    IReadOnlyList<HsdsAttributeEntry> Attributes,
    string AssuredDate,
    DateTimeOffset LastModified);

/// <summary>HSDS 3.0 requires a description; the directory keeps none for an organiser, so it says what it is.</summary>
public sealed record HsdsOrganization(Guid Id, string Name, string Description, string? Website, string? Email, IReadOnlyList<HsdsPhone> Phones);

public sealed record HsdsPhone(Guid Id, string Number);

/// <summary>The district the offer belongs to.</summary>
public sealed record HsdsServiceArea(Guid Id, string Name);

public sealed record HsdsServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId, HsdsLocation Location, IReadOnlyList<HsdsSchedule> Schedules);

public sealed record HsdsLocation(
    Guid Id,
    string LocationType,
    string? Name,
    double? Latitude,
    double? Longitude,
    string? Transportation,
    IReadOnlyList<HsdsAddress> Addresses,
    IReadOnlyList<HsdsAccessibility> Accessibility);

/// <summary>HSDS 3.0 requires every one of these; a part the directory lacks is an empty string.</summary>
public sealed record HsdsAddress(
    Guid Id,
    [property: JsonPropertyName("address_1")] string Address1,
    string City,
    string PostalCode,
    string StateProvince,
    string Country,
    string AddressType);

public sealed record HsdsAccessibility(Guid Id, string Description);

/// <summary>An RFC 5545-style weekly rule: <c>freq</c> WEEKLY, <c>byday</c> MO…SU, local Danish times.</summary>
public sealed record HsdsSchedule(Guid Id, string? Freq, string? Byday, string? OpensAt, string? ClosesAt, string? Description);

public sealed record HsdsContact(Guid Id, string Name, string? Title, string? Email, IReadOnlyList<HsdsPhone> Phones);

/// <summary>An ISO 639-1 code.</summary>
public sealed record HsdsLanguage(Guid Id, string Code);

/// <summary>Whole kroner per time; 0 is free.</summary>
public sealed record HsdsCostOption(Guid Id, int Amount, string Currency, string? Option);

/// <summary>An HSDS attribute: links the service to a term of the "linkworker" taxonomy; <see cref="LinkType"/> names the vocabulary.</summary>
public sealed record HsdsAttributeEntry(Guid Id, Guid LinkId, string LinkType, string LinkEntity, Guid TaxonomyTermId, HsdsTaxonomyTerm TaxonomyTerm);

public sealed record HsdsTaxonomyTerm(Guid Id, string Code, string Name, string Description, string Taxonomy);
