using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Tests.Cases;

/// <summary>Random command sequences never leave a case in an invalid state; a refused command changes nothing.</summary>
public sealed class CaseStateMachineProperties
{
    private static readonly Guid[] Guides = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

    private enum Command
    {
        Assign0,
        Assign1,
        Assign2,
        HandBack,
        ContactFailed,
        ContactSucceeded,
        Activate,
        Close,
        Reopen,
        Receive,
    }

    [Fact]
    public void Random_command_sequences_keep_the_invariants()
    {
        var commands = Gen.Elements(Enum.GetValues<Command>()).ArrayOf();
        Prop.ForAll(commands.ToArbitrary(), sequence =>
        {
            var now = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
            var (@case, _) = Case.OpenFromReferral("0751", Guid.NewGuid(), Submission(), now);
            foreach (var command in sequence)
            {
                now = now.AddHours(1);
                var before = Snapshot(@case);
                var (status, guided, statusChangedAt, guideChangedAt) = (@case.Status, @case.AssignedGuideId is not null, @case.StatusChangedAt, @case.GuideChangedAt);
                try
                {
                    Apply(@case, command, now);
                }
                catch (DomainRuleException)
                {
                    Snapshot(@case).Should().Be(before, $"a refused {command} must change nothing");
                }

                AssertInvariants(@case);
                // A referring system polls by these (ADR 0024): they move exactly when what they stand for changed.
                @case.StatusChangedAt.Should().Be(@case.Status != status ? now : statusChangedAt, $"{command} from {status}");
                @case.GuideChangedAt.Should().Be((@case.AssignedGuideId is not null) != guided ? now : guideChangedAt, $"{command} from {status}");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void An_illegal_transition_names_the_current_state()
    {
        var (@case, _) = Case.OpenFromReferral("0751", Guid.NewGuid(), Submission(), DateTimeOffset.UtcNow);
        @case.Close(ClosureReason.Declined, DateTimeOffset.UtcNow);

        var act = () => @case.AssignTo(Guides[0], DateTimeOffset.UtcNow);

        act.Should().Throw<InvalidCaseTransitionException>().Where(e => e.Current == CaseStatus.Closed && e.Message.Contains("Closed"));
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
            case Command.ContactFailed:
                @case.RecordContactAttempt(false, now, now);
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
            case Command.Receive:
                @case.Receive(Submission(), now);
                break;
        }
    }

    private static void AssertInvariants(Case c)
    {
        (c.Status == CaseStatus.Referred).Should().Be(c.AssignedGuideId is null && c.IsOpen, "a case is in triage exactly when no guide holds it");
        if (c.HoldsGuide)
        {
            c.AssignedGuideId.Should().NotBeNull();
        }

        (c.Status == CaseStatus.Closed).Should().Be(c.ClosedAt is not null && c.ClosureReason is not null);
        if (c.Status is CaseStatus.Contacted or CaseStatus.Active)
        {
            c.FirstContactAt.Should().NotBeNull("a contacted or active case has been in contact");
        }

        c.FailedContactAttempts.Should().BeGreaterThanOrEqualTo(0);
    }

    private static string Snapshot(Case c) =>
        $"{c.Status}|{c.AssignedGuideId}|{c.PreviousGuideId}|{c.FirstContactAt}|{c.FailedContactAttempts}|{c.ClosedAt}|{c.ClosureReason}|{c.StatusChangedAt}|{c.GuideChangedAt}";

    private static ReferralSubmission Submission() => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, DateTimeOffset.UtcNow));
}
