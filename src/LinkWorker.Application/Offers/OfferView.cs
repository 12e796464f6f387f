using System.Text.Json.Serialization;
using LinkWorker.Application.Guides;
using LinkWorker.Domain.Offers;

namespace LinkWorker.Application.Offers;

public sealed record OrganiserView(Guid Id, string Name, string? Website, string? Email, string? Phone);

public sealed record SessionView(DayOfWeek Day, string Opens, string Closes);

public sealed record OfferView(
    Guid Id,
    string? ExternalId,
    string Name,
    string Description,
    OrganiserView Organiser,
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
    DistrictRef? District,
    IReadOnlyList<SessionView> Schedule,
    string? ScheduleNote,
    int? Cost,
    string? CostNote,
    string? AccessibilityNotes,
    string? TransportNotes,
    OfferContact Contact,
    DateTimeOffset LastVerifiedAt,
    string VerifiedBy,
    bool IsStale,
    bool IsArchived,
    int Version);

/// <summary>
/// A search result or suggestion: the offer, its score, distance when known, and why it is there — in English
/// sentences for the API (<see cref="Reasons"/>) and as codes for a reader in another language (<see cref="Why"/>).
/// </summary>
public sealed record OfferMatchView(OfferView Offer, int Score, double? DistanceKm, IReadOnlyList<string> Reasons)
{
    [JsonIgnore]
    public IReadOnlyList<OfferReason> Why { get; init; } = [];
}
