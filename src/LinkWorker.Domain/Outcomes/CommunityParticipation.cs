using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Outcomes;

/// <summary>How far a match has come: suggested to the citizen, organiser contacted, went along the first time, attending, stopped.</summary>
public enum MatchStatus
{
    Suggested,
    OrganiserContacted,
    WentAlong,
    Attending,
    Stopped,
}

/// <summary>How the guide handed the citizen over to the offer.</summary>
public enum HandOverMethod
{
    /// <summary>The guide went along the first time.</summary>
    Accompanied,

    /// <summary>The guide introduced the citizen to the contact person by phone.</summary>
    IntroducedByPhone,

    /// <summary>The guide introduced the citizen to the contact person by email or letter.</summary>
    IntroducedInWriting,

    /// <summary>The guide gave the citizen the offer's details and the contact person the citizen's.</summary>
    InformationGiven,
}

/// <summary>
/// A community or activity the citizen was matched to (a directory offer, or free text for one outside it), and
/// what became of it: first attendance, still attending at the three-month follow-up, or stopped (with a reason).
/// These are the participation figures of the outcome report.
/// </summary>
public sealed class CommunityParticipation : IMunicipalityScoped, IVersioned
{
    private CommunityParticipation()
    {
    }

    public CommunityParticipation(Guid id, string municipalityCode, Guid caseId, string offerName, DateOnly matchedOn, Guid? offerId = null)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        OfferName = offerName;
        MatchedOn = matchedOn;
        OfferId = offerId;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    /// <summary>The directory offer; null for a community outside the directory.</summary>
    public Guid? OfferId { get; private set; }

    /// <summary>The offer's name when matched: the figures must not change when the directory entry is renamed.</summary>
    public string OfferName { get; private set; } = "";

    public MatchStatus Status { get; private set; }

    /// <summary>When the guide handed the citizen's details to the organiser's contact person (needs the partner-sharing consent).</summary>
    public DateTimeOffset? DetailsSharedAt { get; private set; }

    /// <summary>How the hand-over was done; null before it, or when the guide did not say (older hand-overs).</summary>
    public HandOverMethod? HandedOverHow { get; private set; }

    public bool IsActive => Status != MatchStatus.Stopped;

    public DateOnly MatchedOn { get; private set; }

    public DateOnly? FirstAttendedOn { get; private set; }

    /// <summary>The answer at the three-month follow-up: still taking part? Null until asked.</summary>
    public bool? StillAttendingAtThreeMonths { get; private set; }

    public DateOnly? StoppedOn { get; private set; }

    public string? StopReason { get; private set; }

    public int Version { get; set; }

    /// <summary>Retention or erasure: the free-text reason for stopping goes; status and dates stay.</summary>
    public void ErasePersonalData() => StopReason = null;

    public void Record(DateOnly? firstAttendedOn, bool? stillAttendingAtThreeMonths, DateOnly? stoppedOn, string? stopReason)
    {
        if (firstAttendedOn < MatchedOn || stoppedOn < MatchedOn)
        {
            throw new DomainRuleException("Attendance cannot start or stop before the match.");
        }

        if (stoppedOn is not null && string.IsNullOrWhiteSpace(stopReason))
        {
            throw new DomainRuleException("Say why the citizen stopped.");
        }

        FirstAttendedOn = firstAttendedOn;
        StillAttendingAtThreeMonths = stillAttendingAtThreeMonths;
        StoppedOn = stoppedOn;
        StopReason = stoppedOn is null ? null : stopReason;
        // The status follows the recorded facts, so both ways of recording agree.
        Status = (stoppedOn, firstAttendedOn) switch
        {
            (not null, _) => MatchStatus.Stopped,
            (null, not null) => Status is MatchStatus.WentAlong or MatchStatus.Attending ? Status : MatchStatus.Attending,
            (null, null) when stillAttendingAtThreeMonths == true => MatchStatus.Attending,
            _ => Status >= MatchStatus.WentAlong ? MatchStatus.Suggested : Status,
        };
    }

    /// <summary>
    /// The match moves on. Going along or attending sets the first attendance (once); stopping needs a reason.
    /// A match only moves forward; a stopped one stays stopped (a new match is recorded instead).
    /// </summary>
    public void Advance(MatchStatus status, DateOnly on, string? stopReason)
    {
        if (Status == MatchStatus.Stopped || status < Status)
        {
            throw new DomainRuleException($"The match is {Status}; it cannot go back to {status}.");
        }

        if (on < MatchedOn)
        {
            throw new DomainRuleException("The match cannot move on before it was made.");
        }

        switch (status)
        {
            case MatchStatus.WentAlong or MatchStatus.Attending:
                FirstAttendedOn ??= on;
                break;
            case MatchStatus.Stopped:
                Record(FirstAttendedOn, StillAttendingAtThreeMonths, on, stopReason);
                break;
        }

        Status = status;
    }

    /// <summary>The citizen's details went to the organiser; the caller has checked the partner-sharing consent.</summary>
    public void ShareDetails(DateTimeOffset at, HandOverMethod? how = null)
    {
        if (Status == MatchStatus.Stopped)
        {
            throw new DomainRuleException("The match has stopped.");
        }

        DetailsSharedAt = Instant.Normalize(at);
        HandedOverHow = how ?? HandedOverHow;
        if (Status < MatchStatus.OrganiserContacted)
        {
            Status = MatchStatus.OrganiserContacted;
        }
    }
}
