using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;

namespace LinkWorker.Domain.Cases;

/// <summary>
/// A citizen's course with a guide: referred → assigned → contacted → active → closed, and reopened.
/// A citizen has at most one open case per municipality: later referrals attach to it.
/// Invariants: a referred case has no guide; an assigned, contacted or active case has one; a closed case has a
/// closure time and reason.
/// </summary>
public sealed class Case : Entity, IMunicipalityScoped, IVersioned
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
        StatusChangedAt = openedAt;
        GuideChangedAt = openedAt;
        Urgency = Urgency.Low;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CitizenId { get; private set; }

    public CaseStatus Status { get; private set; }

    /// <summary>
    /// When <see cref="Status"/> last changed (recorded, not when the contact or conversation took place): what a
    /// referring system polls for (FHIR Task <c>_lastUpdated</c>, ADR 0024). Set by every transition.
    /// </summary>
    public DateTimeOffset StatusChangedAt { get; private set; }

    /// <summary>
    /// When the case last got a guide or lost one (assignment from triage, withdrawal, hand-back, reopening): all a
    /// referrer without the citizen's status consent may see change, so its poll follows this, not every status.
    /// </summary>
    public DateTimeOffset GuideChangedAt { get; private set; }

    public Guid? AssignedGuideId { get; private set; }

    /// <summary>
    /// The citizen's most recent guide, for continuity: the guide of this case before it was reopened, or of the
    /// citizen's earlier (closed) case when this one was opened.
    /// </summary>
    public Guid? PreviousGuideId { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>
    /// The municipality's first-contact rule (working days) when the referral arrived; kept so that a later change
    /// of the setting never moves this case's deadline.
    /// </summary>
    public int FirstContactWorkingDays { get; private set; } = DefaultFirstContactWorkingDays;

    public const int DefaultFirstContactWorkingDays = 5;

    /// <summary>The last Danish day for the first contact, fixed when the referral arrived.</summary>
    public DateOnly FirstContactDue => WorkingDayCalendar.Default.AddWorkingDays(DanishTime.DateOf(OpenedAt), FirstContactWorkingDays);

    /// <summary>The highest urgency of the case's referrals: kept on the case so that queues can order by it in SQL.</summary>
    public Urgency Urgency { get; private set; }

    public DateTimeOffset? FirstContactAt { get; private set; }

    /// <summary>Failed contact attempts since the last successful contact.</summary>
    public int FailedContactAttempts { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public ClosureReason? ClosureReason { get; private set; }

    /// <summary>The guide's note on closing; never shown to the referrer.</summary>
    public string? ClosureNote { get; private set; }

    /// <summary>What the citizen told the guide they like doing; matching to offers starts here.</summary>
    public IReadOnlyList<Interest> Interests { get; private set; } = [];

    public int Version { get; set; }

    public bool IsOpen => Status != CaseStatus.Closed;

    /// <summary>Replaces the citizen's interests (recorded under the notes consent, like what they said in conversation).</summary>
    public void RecordInterests(IEnumerable<Interest> interests) => Interests = interests.Distinct().Order().ToList();

    /// <summary>True while a guide holds the case (and it counts against their capacity).</summary>
    public bool HoldsGuide => Status is CaseStatus.Assigned or CaseStatus.Contacted or CaseStatus.Active;

    /// <summary>Opens a case for the citizen's first referral. A referral without consent is refused.</summary>
    public static (Case Case, Referral Referral) OpenFromReferral(
        string municipalityCode, Guid citizenId, ReferralSubmission submission, DateTimeOffset now)
    {
        var @case = new Case(Guid.CreateVersion7(now), municipalityCode, citizenId, now);
        return (@case, @case.Receive(submission, now));
    }

    /// <summary>
    /// As above, and the referral keeps the citizen's age band on the day it was received. The first-contact rule in
    /// force now is fixed on the case; <paramref name="previousGuideId"/> is the guide of the citizen's earlier case.
    /// </summary>
    public static (Case Case, Referral Referral) OpenFromReferral(
        string municipalityCode, Citizen citizen, ReferralSubmission submission, DateTimeOffset now,
        int firstContactWorkingDays = DefaultFirstContactWorkingDays, Guid? previousGuideId = null)
    {
        if (firstContactWorkingDays < 1)
        {
            throw new DomainRuleException("The first-contact deadline is at least one working day.");
        }

        var @case = new Case(Guid.CreateVersion7(now), municipalityCode, citizen.Id, now)
        {
            FirstContactWorkingDays = firstContactWorkingDays,
            PreviousGuideId = previousGuideId,
        };
        return (@case, @case.Receive(submission, now, citizen));
    }

    /// <summary>Attaches a further referral for the same citizen to this open case.</summary>
    public Referral Receive(ReferralSubmission submission, DateTimeOffset now) => Receive(submission, now, ageBand: null);

    /// <summary>As above, and the referral keeps the citizen's age band on the day it was received.</summary>
    public Referral Receive(ReferralSubmission submission, DateTimeOffset now, Citizen citizen)
    {
        if (citizen.Id != CitizenId)
        {
            throw new DomainRuleException("A referral attaches only to the case of the same citizen.");
        }

        return Receive(submission, now, AgeBand.OfReferral(citizen.DateOfBirth, now));
    }

    private Referral Receive(ReferralSubmission submission, DateTimeOffset now, string? ageBand)
    {
        if (submission.Consent is null)
        {
            throw new ConsentRequiredException("The citizen's consent to be referred is required.");
        }

        Require(IsOpen, "receive a referral");
        if (submission.Urgency > Urgency)
        {
            Urgency = submission.Urgency;
        }

        return new Referral(Guid.CreateVersion7(now), MunicipalityCode, Id, CitizenId, submission, submission.Consent, now, ageBand);
    }

    /// <summary>Gives the case to a guide: first assignment from triage, or a reassignment keeping its progress.</summary>
    public void AssignTo(Guid guideId, DateTimeOffset now)
    {
        Require(IsOpen, "be assigned");
        if (AssignedGuideId == guideId)
        {
            throw new InvalidCaseTransitionException(Status, "be assigned to the guide who already holds it");
        }

        var previous = HoldsGuide ? AssignedGuideId : null;
        AssignedGuideId = guideId;
        if (Status == CaseStatus.Referred)
        {
            MoveTo(CaseStatus.Assigned, now);
            GuideChangedAt = now;
        }

        Raise(new CaseAssigned(Id, MunicipalityCode, guideId, previous));
    }

    /// <summary>
    /// Takes back an assignment from triage whose guide turned out to have no free place (another request took the
    /// last one first): the case is in triage again, as before. Raises nothing, since no place was taken.
    /// </summary>
    public void WithdrawAssignment(Guid guideId, DateTimeOffset now)
    {
        Require(Status == CaseStatus.Assigned && AssignedGuideId == guideId, "have an assignment withdrawn");
        AssignedGuideId = null;
        MoveTo(CaseStatus.Referred, now);
        GuideChangedAt = now;
    }

    /// <summary>The guide gives the case back to the coordinator's triage queue.</summary>
    public void HandBack(DateTimeOffset now)
    {
        Require(HoldsGuide, "be handed back");
        var guide = AssignedGuideId!.Value;
        AssignedGuideId = null;
        MoveTo(CaseStatus.Referred, now);
        GuideChangedAt = now;
        Raise(new CaseHandedBack(Id, MunicipalityCode, guide));
    }

    /// <summary>
    /// Logs an attempt to reach the citizen (made <paramref name="at"/>, recorded <paramref name="now"/>); the first
    /// success marks the case contacted.
    /// </summary>
    public void RecordContactAttempt(bool succeeded, DateTimeOffset at, DateTimeOffset now)
    {
        Require(HoldsGuide, "log a contact attempt");
        if (!succeeded)
        {
            FailedContactAttempts++;
            return;
        }

        FailedContactAttempts = 0;
        MarkFirstContact(at);
        if (Status == CaseStatus.Assigned)
        {
            MoveTo(CaseStatus.Contacted, now);
        }
    }

    /// <summary>The course has started (the first conversation took place <paramref name="at"/>, recorded <paramref name="now"/>).</summary>
    public void Activate(DateTimeOffset at, DateTimeOffset now)
    {
        Require(Status is CaseStatus.Assigned or CaseStatus.Contacted, "become active");
        MarkFirstContact(at);
        FailedContactAttempts = 0;
        MoveTo(CaseStatus.Active, now);
    }

    private void MarkFirstContact(DateTimeOffset at)
    {
        if (FirstContactAt is null)
        {
            FirstContactAt = at;
            Raise(new FirstContactMade(Id, MunicipalityCode, OpenedAt, at));
        }
    }

    public void Close(ClosureReason reason, DateTimeOffset at, string? note = null)
    {
        Require(IsOpen, "be closed");
        var heldBy = HoldsGuide ? AssignedGuideId : null;
        MoveTo(CaseStatus.Closed, at);
        ClosureReason = reason;
        ClosureNote = note;
        ClosedAt = at;
        Raise(new CaseClosed(Id, MunicipalityCode, heldBy, reason, at));
    }

    /// <summary>Reopens a closed case into triage; routing then prefers the guide the citizen had.</summary>
    public void Reopen(DateTimeOffset now)
    {
        Require(Status == CaseStatus.Closed, "be reopened");
        PreviousGuideId = AssignedGuideId ?? PreviousGuideId;
        if (AssignedGuideId is not null)
        {
            GuideChangedAt = now;
        }

        AssignedGuideId = null;
        MoveTo(CaseStatus.Referred, now);
        ClosedAt = null;
        ClosureReason = null;
        ClosureNote = null;
        FailedContactAttempts = 0;
        Raise(new CaseReopened(Id, MunicipalityCode, PreviousGuideId));
    }

    /// <summary>Retention or erasure: the closure note and the interests go; dates, status and the reason stay.</summary>
    public void ErasePersonalData()
    {
        ClosureNote = null;
        Interests = [];
    }

    private void MoveTo(CaseStatus status, DateTimeOffset now)
    {
        if (Status != status)
        {
            Status = status;
            StatusChangedAt = now;
        }
    }

    private void Require(bool allowed, string action)
    {
        if (!allowed)
        {
            throw new InvalidCaseTransitionException(Status, action);
        }
    }
}

/// <summary>The case's current state does not allow the action; the problem names the state.</summary>
public sealed class InvalidCaseTransitionException(CaseStatus current, string action)
    : DomainRuleException($"A case that is {current} cannot {action}.")
{
    public CaseStatus Current { get; } = current;
}
