using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Tests.Citizens;

/// <summary>The citizen's rights in the domain (ADR 27): corrections keep the old value, erasure empties, four eyes decide.</summary>
public sealed class CitizenRightsRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static Citizen Grethe() => new(Guid.NewGuid(), "0751", new CitizenDetails(
        "Grethe", CprNumber.Parse("0105551234"), null, "+4512345678", "g@example.dk", new Address("Vej 1", "8000", "Aarhus C"), "da", false));

    [Fact]
    public void A_correction_keeps_each_changed_fields_old_value_and_leaves_the_rest()
    {
        var citizen = Grethe();
        var changes = citizen.Rectify(new CitizenCorrection(null, "+4587654321", "", null, "8200", null), "moved", Guid.NewGuid(), Now);

        changes.Select(c => (c.Field, c.OldValue, c.NewValue)).Should().BeEquivalentTo(
            [("phone", "+4512345678", "+4587654321"), ("email", "g@example.dk", (string?)null), ("postcode", "8000", "8200")]);
        citizen.Name.Should().Be("Grethe");
        citizen.Email.Should().BeNull();
        citizen.Address.Should().Be(new Address("Vej 1", "8200", "Aarhus C"));
        FluentActions.Invoking(() => citizen.Rectify(new CitizenCorrection("Grethe", null, null, null, null, null), "same", Guid.NewGuid(), Now))
            .Should().Throw<DomainRuleException>();
    }

    [Fact]
    public void Erasure_empties_every_identifying_field_and_a_later_referral_cannot_fill_it_again()
    {
        var citizen = Grethe();
        citizen.Erase(Now);

        citizen.Should().BeEquivalentTo(new { Name = "", CprNumber = (string?)null, DateOfBirth = (DateOnly?)null, Phone = (string?)null, Email = (string?)null, ErasedAt = (DateTimeOffset?)Now });
        citizen.Address.Should().Be(new Address(null, "", null));
        FluentActions.Invoking(() => citizen.Update(new CitizenDetails("Grethe", null, null, null, null, new Address(null, "8000", null), "da", false)))
            .Should().Throw<DomainRuleException>();
        FluentActions.Invoking(() => citizen.Restrict(Now)).Should().Throw<DomainRuleException>();
    }

    [Fact]
    public void A_restriction_is_an_event_that_stops_what_is_planned_for_the_citizen()
    {
        var citizen = Grethe();
        citizen.Restrict(Now);

        citizen.PeekDomainEvents().Should().Equal(new CitizenRestricted(citizen.Id, "0751", Now));
        FluentActions.Invoking(() => citizen.Restrict(Now)).Should().Throw<DomainRuleException>();
    }

    [Fact]
    public void The_coordinator_who_filed_a_request_cannot_decide_it_and_a_decision_is_final()
    {
        var filer = Guid.NewGuid();
        var request = new RightsRequest(Guid.NewGuid(), "0751", Guid.NewGuid(), RightsRequestKind.Erasure, "art. 17", filer, Now);

        FluentActions.Invoking(() => request.Decide(true, null, filer, Now)).Should().Throw<SecondApproverRequiredException>();
        request.Status.Should().Be(RightsRequestStatus.Pending);

        request.Decide(false, "must be kept", Guid.NewGuid(), Now);
        request.Status.Should().Be(RightsRequestStatus.Rejected);
        FluentActions.Invoking(() => request.Decide(true, null, Guid.NewGuid(), Now)).Should().Throw<DomainRuleException>();
    }
}
