using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Outcomes;

/// <summary>
/// A community or activity the citizen was matched to, and what became of it: first attendance, still attending
/// at the three-month follow-up, or stopped (with a reason). Free text until the directory exists.
/// </summary>
public sealed class CommunityParticipation : IMunicipalityScoped, IVersioned
{
    private CommunityParticipation()
    {
    }

    public CommunityParticipation(Guid id, string municipalityCode, Guid caseId, string offerName, DateOnly matchedOn)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        OfferName = offerName;
        MatchedOn = matchedOn;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public string OfferName { get; private set; } = "";

    public DateOnly MatchedOn { get; private set; }

    public DateOnly? FirstAttendedOn { get; private set; }

    /// <summary>The answer at the three-month follow-up: still taking part? Null until asked.</summary>
    public bool? StillAttendingAtThreeMonths { get; private set; }

    public DateOnly? StoppedOn { get; private set; }

    public string? StopReason { get; private set; }

    public int Version { get; set; }

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
    }
}
