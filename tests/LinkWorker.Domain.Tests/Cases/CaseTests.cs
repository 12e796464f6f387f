using LinkWorker.Domain.Cases;
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
