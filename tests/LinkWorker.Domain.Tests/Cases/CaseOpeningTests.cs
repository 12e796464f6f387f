using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Tests.Cases;

/// <summary>Issue 19: what a new case keeps from the moment its referral arrives.</summary>
public sealed class CaseOpeningTests
{
    // Thursday 26 November 2026, 09:30 UTC.
    private static readonly DateTimeOffset Thursday = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_contact_deadline_follows_the_rule_in_force_when_the_referral_arrived()
    {
        var (standard, _) = Case.OpenFromReferral("0751", Person(), Submission(), Thursday);
        var (longer, _) = Case.OpenFromReferral("0751", Person(), Submission(), Thursday, firstContactWorkingDays: 10);

        standard.FirstContactWorkingDays.Should().Be(5);
        standard.FirstContactDue.Should().Be(new DateOnly(2026, 12, 3), "five working days after Thursday is the next Thursday");
        longer.FirstContactDue.Should().Be(new DateOnly(2026, 12, 10));
    }

    [Fact]
    public void The_due_instant_is_the_end_of_the_due_day_in_Denmark_until_the_first_contact_is_made()
    {
        var (@case, _) = Case.OpenFromReferral("0751", Person(), Submission(), Thursday, firstContactWorkingDays: 10);

        // 10 December 2026 ends at midnight Danish winter time, 23:00 UTC.
        @case.FirstContactDueAt.Should().Be(new DateTimeOffset(2026, 12, 10, 23, 0, 0, TimeSpan.Zero));

        var guide = Guid.NewGuid();
        @case.AssignTo(guide, Thursday);
        @case.RecordContactAttempt(false, Thursday.AddDays(1), Thursday.AddDays(1));
        @case.FirstContactDueAt.Should().NotBeNull("a failed attempt is no contact");
        @case.HandBack(Thursday.AddDays(1));
        @case.AssignTo(guide, Thursday.AddDays(1));
        @case.FirstContactDueAt.Should().Be(new DateTimeOffset(2026, 12, 10, 23, 0, 0, TimeSpan.Zero), "handing back and reassigning move nothing");

        @case.RecordContactAttempt(true, Thursday.AddDays(2), Thursday.AddDays(2));
        @case.FirstContactDueAt.Should().BeNull("the first contact is made: nothing is due");
        @case.Close(ClosureReason.InCommunity, Thursday.AddDays(3));
        @case.Reopen(Thursday.AddDays(4));
        @case.FirstContactDueAt.Should().BeNull("a reopened case was contacted already");
    }

    [Fact]
    public void A_new_case_remembers_the_citizens_most_recent_guide_for_continuity()
    {
        var guide = Guid.NewGuid();

        var (@case, _) = Case.OpenFromReferral("0751", Person(), Submission(), Thursday, previousGuideId: guide);

        @case.PreviousGuideId.Should().Be(guide);
        @case.AssignedGuideId.Should().BeNull("routing decides; continuity is only its first preference");
    }

    [Fact]
    public void A_first_contact_rule_below_one_working_day_is_refused()
    {
        var open = () => Case.OpenFromReferral("0751", Person(), Submission(), Thursday, firstContactWorkingDays: 0);

        open.Should().Throw<DomainRuleException>();
    }

    private static Citizen Person() => new(Guid.NewGuid(), "0751", new CitizenDetails(
        "Test Person", null, new DateOnly(1950, 1, 1), null, null, new Address(null, "8000", null), "da", false));

    private static ReferralSubmission Submission() => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, Thursday.AddHours(-1)));
}
