using LinkWorker.Domain.Common;
using LinkWorker.Domain.Organisations;

namespace LinkWorker.Domain.Referrals;

/// <summary>A professional's request that a guide contacts a citizen. It is immutable once received.</summary>
public sealed class Referral : IMunicipalityScoped, IVersioned
{
    private Referral()
    {
    }

    internal Referral(
        Guid id, string municipalityCode, Guid caseId, Guid citizenId, ReferralSubmission submission, ReferralConsent consent, DateTimeOffset receivedAt, string? ageBand)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        CitizenId = citizenId;
        ReferrerUserId = submission.ReferrerUserId;
        OrganisationId = submission.OrganisationId;
        Sector = submission.Sector;
        Reason = submission.Reason;
        LifeArenas = [.. submission.LifeArenas.Distinct()];
        LifeTransitions = [.. submission.LifeTransitions.Distinct()];
        LonelinessType = submission.LonelinessType;
        PracticalNeeds = submission.PracticalNeeds;
        Urgency = submission.Urgency;
        Consent = consent;
        ReceivedAt = receivedAt;
        AgeBand = ageBand;
        ReferringProfessional = submission.ReferringProfessional;
        ExternalIdSystem = submission.ExternalId?.System;
        ExternalIdValue = submission.ExternalId?.Value;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public Guid CitizenId { get; private set; }

    public Guid ReferrerUserId { get; private set; }

    public Guid? OrganisationId { get; private set; }

    public Sector Sector { get; private set; }

    public string Reason { get; private set; } = "";

    public IReadOnlyList<LifeArena> LifeArenas { get; private set; } = [];

    public IReadOnlyList<LifeTransition> LifeTransitions { get; private set; } = [];

    public LonelinessType? LonelinessType { get; private set; }

    public PracticalNeeds PracticalNeeds { get; private set; } = PracticalNeeds.None;

    public Urgency Urgency { get; private set; }

    public ReferralConsent Consent { get; private set; } = null!;

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>
    /// The citizen's age band when the referral was received (see Routing.AgeBand.OfReferral), kept so that reports
    /// count it without reading citizens. Null when it was received without the citizen at hand; reports then
    /// compute it from the citizen's date of birth.
    /// </summary>
    public string? AgeBand { get; private set; }

    /// <summary>The professional named by a referring system (the person behind a client credentials token).</summary>
    public string? ReferringProfessional { get; private set; }

    /// <summary>
    /// Retention or erasure: the free text and the named professional go. The age band is fixed first (from the
    /// date of birth about to be erased), so that the year's report counts the referral as before.
    /// </summary>
    public void ErasePersonalData(string? ageBandFromBirth)
    {
        AgeBand ??= ageBandFromBirth;
        Reason = "";
        ReferringProfessional = null;
        PracticalNeeds = PracticalNeeds with { Notes = null };
    }

    /// <summary>
    /// The sending system's own identifier of this referral (a FHIR ServiceRequest identifier's system and value),
    /// unique per organisation: a resubmission finds this referral instead of creating another (ADR 0024).
    /// </summary>
    public string? ExternalIdSystem { get; private set; }

    /// <inheritdoc cref="ExternalIdSystem"/>
    public string? ExternalIdValue { get; private set; }

    public int Version { get; set; }
}

/// <summary>A referring system's own identifier of a referral: a namespace (a URI) and a value within it.</summary>
public sealed record ExternalReferralId(string System, string Value)
{
    public const int MaxSystemLength = 255;

    public const int MaxValueLength = 255;
}

/// <summary>What a referrer submits about a citizen, apart from the citizen's identity.</summary>
public sealed record ReferralSubmission(
    Guid ReferrerUserId,
    Guid? OrganisationId,
    Sector Sector,
    string Reason,
    IReadOnlyList<LifeArena> LifeArenas,
    IReadOnlyList<LifeTransition> LifeTransitions,
    LonelinessType? LonelinessType,
    PracticalNeeds PracticalNeeds,
    Urgency Urgency,
    ReferralConsent? Consent,
    string? ReferringProfessional = null)
{
    /// <summary>The sending system's identifier of the referral, when it sent one (FHIR).</summary>
    public ExternalReferralId? ExternalId { get; init; }
}
