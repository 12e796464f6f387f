using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Referrals.SubmitReferral;

/// <summary>
/// A professional refers a citizen, with the citizen's consent. Guides and coordinators use it for self-referrals
/// (the citizen called the guide's phone line): a guide's self-referral stays with that guide when they have room,
/// unless <see cref="ToTriage"/> sends it to the coordinator's triage queue.
/// </summary>
[Authorize(Roles.Referrer, Roles.Guide, Roles.Coordinator)]
public sealed record SubmitReferralCommand(
    CitizenInput? Citizen,
    string? Reason,
    IReadOnlyList<LifeArena>? LifeArenas,
    IReadOnlyList<LifeTransition>? LifeTransitions,
    LonelinessType? LonelinessType,
    PracticalNeedsInput? PracticalNeeds,
    Urgency? Urgency,
    ReferralConsentInput? Consent,
    bool ToTriage = false) : IRequest<SubmitReferralResult>, IIdempotentRequest, ICitizenDataRequest
{
    /// <summary>From the Idempotency-Key header, never from the body.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }
}

public sealed record CitizenInput(
    string? Name,
    string? CprNumber,
    DateOnly? DateOfBirth,
    string? Phone,
    string? Email,
    AddressInput? Address,
    string? PreferredLanguage,
    bool InterpreterNeeded);

public sealed record AddressInput(string? Street, string? Postcode, string? City);

public sealed record PracticalNeedsInput(bool Transport, bool Disability, bool DigitalAccess, string? Notes);

/// <summary>The citizen's consent to be referred. Without <c>given: true</c> the referral is refused.</summary>
public sealed record ReferralConsentInput(bool Given, string? ObtainedBy, ConsentMethod? Method, DateTimeOffset? ObtainedAt);

public sealed record SubmitReferralResult(
    Guid ReferralId,
    Guid CaseId,
    ReferralStatus Status,
    Guid? AssignedGuideId,
    bool AttachedToExistingCase,
    DateTimeOffset ReceivedAt);
