using LinkWorker.Domain.Common;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Cases;

/// <summary>
/// A citizen's course with a guide. A citizen has at most one open case per municipality: later referrals
/// attach to it instead of starting a second one.
/// </summary>
public sealed class Case : IMunicipalityScoped, IVersioned
{
    private Case()
    {
    }

    private Case(Guid id, string municipalityCode, Guid citizenId, DateTimeOffset openedAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CitizenId = citizenId;
        OpenedAt = openedAt;
        Status = CaseStatus.Referred;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CitizenId { get; private set; }

    public CaseStatus Status { get; private set; }

    public Guid? AssignedGuideId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public ClosureReason? ClosureReason { get; private set; }

    public int Version { get; set; }

    public bool IsOpen => Status != CaseStatus.Closed;

    /// <summary>Opens a case for the citizen's first referral. A referral without consent is refused.</summary>
    public static (Case Case, Referral Referral) OpenFromReferral(
        string municipalityCode, Guid citizenId, ReferralSubmission submission, DateTimeOffset now)
    {
        var @case = new Case(Guid.CreateVersion7(now), municipalityCode, citizenId, now);
        return (@case, @case.Receive(submission, now));
    }

    /// <summary>Attaches a further referral for the same citizen to this open case.</summary>
    public Referral Receive(ReferralSubmission submission, DateTimeOffset now)
    {
        if (submission.Consent is null)
        {
            throw new ConsentRequiredException("The citizen's consent to be referred is required.");
        }

        if (!IsOpen)
        {
            throw new DomainRuleException($"A referral cannot be attached to a case that is {Status}.");
        }

        return new Referral(Guid.CreateVersion7(now), MunicipalityCode, Id, CitizenId, submission, submission.Consent, now);
    }
}
