using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Domain.Tests.Offers;

public sealed class OfferMatchingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<Guid, string> NoDistricts = [];

    private static Offer Offer(
        string name, int? minAge = null, int? maxAge = null, Interest[]? interests = null, string[]? languages = null,
        OfferMode[]? modes = null, (double Lat, double Lon)? at = null, int? cost = 0, DateTimeOffset? verified = null) =>
        new(Guid.NewGuid(), "0101", Guid.NewGuid(), new OfferDetails(
            null, name, "", InterventionStrategy.SocialNetwork, OfferType.SocialActivity, minAge, maxAge, [], GenderFocus.Everyone,
            languages ?? ["da"], OfferRunBy.Volunteers, modes ?? [OfferMode.InPerson], interests ?? [],
            at is { } p ? new OfferLocation(null, null, "9901", null, p.Lat, p.Lon) : new OfferLocation(null, null, null, null, null, null),
            null, [], null, cost, null, null, null, new OfferContact("Kontakt", null, null, null)),
            new Verification(verified ?? Now, Guid.NewGuid(), "Redaktør"));

    [Fact]
    public void Age_outside_the_limits_leaves_an_offer_out_and_admitting_limits_are_a_reason()
    {
        var young = Offer("Unge", 15, 25);
        var seniors = Offer("Seniorer", 60);

        OfferMatching.Evaluate(young, new OfferCriteria { Age = 70 }, NoDistricts, Now, 12).Should().BeNull();
        var fit = OfferMatching.Evaluate(seniors, new OfferCriteria { Age = 70 }, NoDistricts, Now, 12)!;
        fit.Score.Should().Be(1);
        fit.Reasons.Select(r => r.Text).Should().Equal("for ages 60+");
    }

    [Fact]
    public void An_interpreter_need_prefers_offers_in_the_citizens_language_without_leaving_the_others_out()
    {
        var criteria = new OfferCriteria { Language = "ar", InterpreterNeeded = true };
        OfferMatching.Evaluate(Offer("Arabisk", languages: ["da", "ar"]), criteria, NoDistricts, Now, 12)!.Score.Should().Be(3);
        OfferMatching.Evaluate(Offer("Dansk"), criteria, NoDistricts, Now, 12)!.Reasons.Select(r => r.Text).Should().Equal("not held in ar");
        OfferMatching.Evaluate(Offer("Dansk"), criteria with { LanguageRequired = true }, NoDistricts, Now, 12).Should().BeNull();
    }

    [Fact]
    public void A_stale_offer_says_so_and_ranks_lower()
    {
        var old = Offer("Gammel", verified: Now.AddMonths(-13));
        var fit = OfferMatching.Evaluate(old, new OfferCriteria(), NoDistricts, Now, 12)!;
        fit.Score.Should().Be(-1);
        fit.Reasons.Select(r => r.Text).Should().Equal("not verified since 2025-10-22");
        OfferMatching.Evaluate(old, new OfferCriteria(), NoDistricts, Now, 24)!.Reasons.Select(r => r.Text).Should().BeEmpty();
    }

    [Fact]
    public void Online_only_offers_rank_lower_for_someone_with_little_digital_access() =>
        OfferMatching.Evaluate(Offer("Online", modes: [OfferMode.Online]), new OfferCriteria { LimitedDigitalAccess = true }, NoDistricts, Now, 12)!
            .Reasons.Select(r => r.Text).Should().Equal("online only");

    [Fact]
    public void Life_transitions_age_and_an_interpreter_point_to_target_groups() =>
        OfferMatching.TargetGroupsFor([Referrals.LifeTransition.Bereavement, Referrals.LifeTransition.Unemployment], 70, interpreterNeeded: true)
            .Should().Equal(TargetGroup.Seniors, TargetGroup.Bereaved, TargetGroup.Newcomers, TargetGroup.JobSeekers);

    [Fact]
    public void The_order_does_not_depend_on_the_order_the_offers_come_in()
    {
        var gen = from seed in Gen.Choose(0, 1000)
                  from count in Gen.Choose(1, 12)
                  select (Seed: seed, Count: count);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            var interests = Enum.GetValues<Interest>();
            var offers = Enumerable.Range(0, c.Count).Select(i => Offer(
                $"Tilbud {random.Next(0, 5)}", random.Next(0, 3) == 0 ? random.Next(15, 70) : null, null,
                [interests[random.Next(interests.Length)]], at: (56 + random.NextDouble() / 5, 9 + random.NextDouble() / 5))).ToList();
            var criteria = new OfferCriteria { Origin = new GeoPoint(56, 9), Age = 40, Interests = [Interest.Crafts, Interest.Food] };
            var forwards = OfferMatching.Rank(offers, criteria, NoDistricts, Now, 12).Select(f => f.Offer.Id);
            var backwards = OfferMatching.Rank(Enumerable.Reverse(offers), criteria, NoDistricts, Now, 12).Select(f => f.Offer.Id);
            var ranked = OfferMatching.Rank(offers, criteria, NoDistricts, Now, 12);
            return forwards.SequenceEqual(backwards) &&
                   ranked.Zip(ranked.Skip(1)).All(p => p.First.Score >= p.Second.Score) &&
                   ranked.All(f => f.Offer.Admits(40));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Distances_are_great_circle_kilometres() =>
        new GeoPoint(56, 9).KilometresTo(new GeoPoint(56.1, 9)).Should().BeApproximately(11.12, 0.01);

    [Fact]
    public void A_match_only_moves_forward_and_going_along_sets_the_first_attendance()
    {
        var matchedOn = new DateOnly(2026, 11, 1);
        var match = new CommunityParticipation(Guid.NewGuid(), "0101", Guid.NewGuid(), "Strik", matchedOn, Guid.NewGuid());
        match.Status.Should().Be(MatchStatus.Suggested);

        match.Advance(MatchStatus.WentAlong, matchedOn.AddDays(3), null);
        match.FirstAttendedOn.Should().Be(matchedOn.AddDays(3));
        match.Advance(MatchStatus.Attending, matchedOn.AddDays(10), null);
        match.FirstAttendedOn.Should().Be(matchedOn.AddDays(3));

        match.Invoking(m => m.Advance(MatchStatus.OrganiserContacted, matchedOn.AddDays(11), null)).Should().Throw<DomainRuleException>();
        match.Invoking(m => m.Advance(MatchStatus.Stopped, matchedOn.AddDays(11), null)).Should().Throw<DomainRuleException>();
        match.Advance(MatchStatus.Stopped, matchedOn.AddDays(20), "Flyttede");
        match.StoppedOn.Should().Be(matchedOn.AddDays(20));
        match.Invoking(m => m.ShareDetails(Now)).Should().Throw<DomainRuleException>();
    }
}
