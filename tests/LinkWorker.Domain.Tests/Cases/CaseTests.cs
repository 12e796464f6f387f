using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Tests.Cases;

public sealed class CaseTests
{
    private const string Aarhus = "0751";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid CitizenId = Guid.Parse("0193a6f0-0000-7000-8000-000000000001");
    private static readonly Guid ReferrerId = Guid.Parse("0193a6f0-0000-7000-8000-000000000002");
    private static readonly Guid OrganisationId = Guid.Parse("0193a6f0-0000-7000-8000-000000000003");
    private static readonly ReferralConsent Consent = new("Dr. Hansen", ConsentMethod.Verbal, Now.AddMinutes(-10));

    [Fact]
    public void Opening_from_a_referral_creates_a_referred_case_and_a_referral_carrying_the_submission()
    {
        var submission = Submission();

        var (@case, referral) = Case.OpenFromReferral(Aarhus, CitizenId, submission, Now);

        @case.Id.Should().NotBeEmpty();
        @case.Status.Should().Be(CaseStatus.Referred);
        @case.IsOpen.Should().BeTrue();
        @case.MunicipalityCode.Should().Be(Aarhus);
        @case.CitizenId.Should().Be(CitizenId);
        @case.OpenedAt.Should().Be(Now);
        @case.AssignedGuideId.Should().BeNull();
        @case.ClosedAt.Should().BeNull();
        @case.ClosureReason.Should().BeNull();

        referral.Id.Should().NotBeEmpty().And.NotBe(@case.Id);
        referral.CaseId.Should().Be(@case.Id);
        referral.CitizenId.Should().Be(CitizenId);
        referral.MunicipalityCode.Should().Be(Aarhus);
        referral.ReceivedAt.Should().Be(Now);
        referral.ReferrerUserId.Should().Be(ReferrerId);
        referral.OrganisationId.Should().Be(OrganisationId);
        referral.Sector.Should().Be(Sector.GeneralPractice);
        referral.Reason.Should().Be(submission.Reason);
        referral.LifeArenas.Should().Equal(LifeArena.HomeAndHousing, LifeArena.HealthAndCare);
        referral.LifeTransitions.Should().Equal(LifeTransition.Bereavement);
        referral.LonelinessType.Should().Be(LonelinessType.Situational);
        referral.PracticalNeeds.Should().Be(submission.PracticalNeeds);
        referral.Urgency.Should().Be(Urgency.High);
        referral.Consent.Should().Be(Consent);
    }

    [Fact]
    public void Case_and_referral_ids_are_version_7_guids()
    {
        var (@case, referral) = Case.OpenFromReferral(Aarhus, CitizenId, Submission(), Now);

        @case.Id.Version.Should().Be(7);
        referral.Id.Version.Should().Be(7);
    }

    [Fact]
    public void Opening_from_a_submission_without_consent_throws_ConsentRequiredException()
    {
        var open = () => Case.OpenFromReferral(Aarhus, CitizenId, Submission() with { Consent = null }, Now);

        open.Should().Throw<ConsentRequiredException>().Which.Should().BeAssignableTo<DomainRuleException>();
    }

    [Fact]
    public void Receive_attaches_a_second_referral_to_the_same_case()
    {
        var (@case, first) = Case.OpenFromReferral(Aarhus, CitizenId, Submission(), Now);
        var later = Now.AddDays(3);
        var secondSubmission = Submission() with { Reason = "Still alone after the move.", Urgency = Urgency.Normal };

        var second = @case.Receive(secondSubmission, later);

        second.Id.Should().NotBe(first.Id);
        second.CaseId.Should().Be(@case.Id);
        second.CitizenId.Should().Be(CitizenId);
        second.MunicipalityCode.Should().Be(Aarhus);
        second.ReceivedAt.Should().Be(later);
        second.Reason.Should().Be("Still alone after the move.");
        second.Urgency.Should().Be(Urgency.Normal);
        @case.Status.Should().Be(CaseStatus.Referred);
        @case.OpenedAt.Should().Be(Now);
    }

    [Fact]
    public void The_case_keeps_the_highest_urgency_of_its_referrals()
    {
        var (@case, _) = Case.OpenFromReferral(Aarhus, CitizenId, Submission() with { Urgency = Urgency.Low }, Now);
        @case.Urgency.Should().Be(Urgency.Low);

        @case.Receive(Submission() with { Urgency = Urgency.High }, Now.AddDays(1));
        @case.Receive(Submission() with { Urgency = Urgency.Normal }, Now.AddDays(2));

        @case.Urgency.Should().Be(Urgency.High, "the queue orders by the most urgent referral, as before");
    }

    [Fact]
    public void Receive_refuses_a_referral_without_consent()
    {
        var (@case, _) = Case.OpenFromReferral(Aarhus, CitizenId, Submission(), Now);

        var receive = () => @case.Receive(Submission() with { Consent = null }, Now.AddDays(1));

        receive.Should().Throw<ConsentRequiredException>();
    }

    [Fact]
    public void Duplicate_life_arenas_and_transitions_are_removed_keeping_the_first_occurrence()
    {
        var submission = Submission() with
        {
            LifeArenas = [LifeArena.HealthAndCare, LifeArena.HomeAndHousing, LifeArena.HealthAndCare, LifeArena.HomeAndHousing],
            LifeTransitions = [LifeTransition.Moving, LifeTransition.Moving, LifeTransition.Retirement],
        };

        var (_, referral) = Case.OpenFromReferral(Aarhus, CitizenId, submission, Now);

        referral.LifeArenas.Should().Equal(LifeArena.HealthAndCare, LifeArena.HomeAndHousing);
        referral.LifeTransitions.Should().Equal(LifeTransition.Moving, LifeTransition.Retirement);
    }

    [Theory]
    [InlineData("2009-05-10", "16–29")] // 16 on the Danish day (00:30 on 10 May), though still 15 on the UTC day
    [InlineData("2009-05-11", "under 16")]
    [InlineData("1950-05-10", "75+")]
    [InlineData(null, "unknown")]
    public void A_referral_keeps_the_citizens_age_band_on_the_Danish_day_it_was_received(string? born, string band)
    {
        var citizen = Person(born is null ? null : DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture));
        var receivedAt = new DateTimeOffset(2025, 5, 9, 22, 30, 0, TimeSpan.Zero);

        var (@case, first) = Case.OpenFromReferral(Aarhus, citizen, Submission(), receivedAt);
        var second = @case.Receive(Submission(), receivedAt.AddDays(400), citizen);

        first.AgeBand.Should().Be(band);
        @case.CitizenId.Should().Be(citizen.Id);
        second.AgeBand.Should().Be(born is null ? "unknown" : AgeBandOneYearOn(band), "a later referral has the age on its own day");
    }

    [Fact]
    public void A_referral_without_the_citizen_at_hand_leaves_the_age_band_to_the_report() =>
        Case.OpenFromReferral(Aarhus, CitizenId, Submission(), Now).Referral.AgeBand.Should().BeNull();

    [Fact]
    public void A_referral_for_another_citizen_cannot_attach_to_the_case()
    {
        var (@case, _) = Case.OpenFromReferral(Aarhus, Person(new DateOnly(1950, 1, 1)), Submission(), Now);

        var receive = () => @case.Receive(Submission(), Now.AddDays(1), Person(new DateOnly(1950, 1, 1)));

        receive.Should().Throw<DomainRuleException>();
    }

    private static string AgeBandOneYearOn(string band) => band == "under 16" ? "16–29" : band;

    private static Citizen Person(DateOnly? born) => new(Guid.NewGuid(), Aarhus, new CitizenDetails(
        "Test Person", null, born, null, null, new Address("Vej 1", "8000", null), "da", false));

    private static ReferralSubmission Submission() => new(
        ReferrerId,
        OrganisationId,
        Sector.GeneralPractice,
        "Widowed this spring and rarely leaves the flat.",
        [LifeArena.HomeAndHousing, LifeArena.HealthAndCare],
        [LifeTransition.Bereavement],
        LonelinessType.Situational,
        new PracticalNeeds(Transport: true, Disability: false, DigitalAccess: false, Notes: "Uses a walker."),
        Urgency.High,
        Consent);
}
