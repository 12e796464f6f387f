using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Tests.Cases;

/// <summary>
/// The events a case raises are enough to keep each guide's load: a counter that follows only the events (as the
/// guide-load handler does) equals the open cases each guide holds after any sequence of commands on several cases.
/// </summary>
public sealed class CaseEventProperties
{
    private static readonly Guid[] Guides = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    private enum Command
    {
        Assign0,
        Assign1,
        Assign2,
        HandBack,
        ContactSucceeded,
        Activate,
        Close,
        Reopen,
    }

    [Fact]
    public void A_load_kept_from_the_events_alone_equals_the_open_cases_each_guide_holds()
    {
        var steps = Gen.Zip(Gen.Choose(0, 3), Gen.Elements(Enum.GetValues<Command>())).ArrayOf();
        Prop.ForAll(steps.ToArbitrary(), sequence =>
        {
            var now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
            var cases = Enumerable.Range(0, 4).Select(_ => Case.OpenFromReferral("0751", Guid.NewGuid(), Submission(), now).Case).ToArray();
            var load = Guides.ToDictionary(g => g, _ => 0);
            foreach (var (index, command) in sequence)
            {
                now = now.AddHours(1);
                var @case = cases[index];
                try
                {
                    Apply(@case, command, now);
                }
                catch (DomainRuleException)
                {
                    @case.PeekDomainEvents().Should().BeEmpty($"a refused {command} raises nothing");
                }

                foreach (var domainEvent in @case.TakeDomainEvents())
                {
                    Follow(load, domainEvent);
                }

                foreach (var guide in Guides)
                {
                    load[guide].Should().Be(cases.Count(c => c.HoldsGuide && c.AssignedGuideId == guide), $"after {command} on case {index}");
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_reassignment_names_the_guide_who_held_the_case_and_a_close_from_triage_names_none()
    {
        var now = DateTimeOffset.UtcNow;
        var (@case, _) = Case.OpenFromReferral("0751", Guid.NewGuid(), Submission(), now);
        @case.AssignTo(Guides[0], now);
        @case.AssignTo(Guides[1], now);
        @case.HandBack(now);
        @case.Close(ClosureReason.Declined, now);
        @case.Reopen(now);

        @case.TakeDomainEvents().Should().Equal(
            new CaseAssigned(@case.Id, "0751", Guides[0], null),
            new CaseAssigned(@case.Id, "0751", Guides[1], Guides[0]),
            new CaseHandedBack(@case.Id, "0751", Guides[1]),
            new CaseClosed(@case.Id, "0751", null, ClosureReason.Declined, now),
            new CaseReopened(@case.Id, "0751", null));
        @case.TakeDomainEvents().Should().BeEmpty("taking the events empties the list");
    }

    [Fact]
    public void A_withdrawn_assignment_returns_the_case_to_triage_without_an_event()
    {
        var (@case, _) = Case.OpenFromReferral("0751", Guid.NewGuid(), Submission(), DateTimeOffset.UtcNow);
        @case.AssignTo(Guides[0], DateTimeOffset.UtcNow);
        @case.TakeDomainEvents();

        @case.WithdrawAssignment(Guides[0], DateTimeOffset.UtcNow);

        @case.Status.Should().Be(CaseStatus.Referred);
        @case.AssignedGuideId.Should().BeNull();
        @case.PeekDomainEvents().Should().BeEmpty();
        var act = () => @case.WithdrawAssignment(Guides[0], DateTimeOffset.UtcNow);
        act.Should().Throw<InvalidCaseTransitionException>();
    }

    // What GuideLoadFollowsCases does in the database.
    private static void Follow(Dictionary<Guid, int> load, IDomainEvent domainEvent)
    {
        switch (domainEvent)
        {
            case CaseAssigned assigned:
                load[assigned.GuideId]++;
                if (assigned.PreviousGuideId is { } previous)
                {
                    load[previous]--;
                }

                break;
            case CaseHandedBack handedBack:
                load[handedBack.GuideId]--;
                break;
            case CaseClosed { HeldByGuideId: { } guide }:
                load[guide]--;
                break;
        }
    }

    private static void Apply(Case @case, Command command, DateTimeOffset now)
    {
        switch (command)
        {
            case Command.Assign0 or Command.Assign1 or Command.Assign2:
                @case.AssignTo(Guides[(int)command], now);
                break;
            case Command.HandBack:
                @case.HandBack(now);
                break;
            case Command.ContactSucceeded:
                @case.RecordContactAttempt(true, now, now);
                break;
            case Command.Activate:
                @case.Activate(now, now);
                break;
            case Command.Close:
                @case.Close(ClosureReason.InCommunity, now);
                break;
            case Command.Reopen:
                @case.Reopen(now);
                break;
        }
    }

    private static ReferralSubmission Submission() => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, DateTimeOffset.UtcNow));
}
