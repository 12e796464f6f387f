using LinkWorker.Architecture.Tests.Rules;
using LinkWorker.Architecture.Tests.Samples.Entities;
using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Architecture.Tests;

public sealed class DomainEntityTests
{
    [Fact]
    public void Domain_entities_have_no_public_setters_except_Version()
    {
        var entities = EntityRules.EntitiesIn(Layers.Domain.GetTypes());

        entities.Should().Contain([typeof(Case), typeof(Citizen), typeof(Referral), typeof(Organisation), typeof(AuditEntry), typeof(IdempotencyRecord)]);
        EntityRules.PublicSetters(entities).Should().BeEmpty();
    }

    [Fact]
    public void Entity_rule_catches_public_setters_and_init_accessors() =>
        EntityRules.PublicSetters([typeof(LeakyEntity)]).Should().BeEquivalentTo(
        [
            $"{typeof(LeakyEntity).FullName}.Id has a public setter",
            $"{typeof(LeakyEntity).FullName}.Name has a public setter",
        ]);

    [Fact]
    public void Entity_rule_allows_a_public_Version_only_on_versioned_entities() =>
        EntityRules.PublicSetters([typeof(UnversionedEntity)])
            .Should().Equal($"{typeof(UnversionedEntity).FullName}.Version has a public setter");

    [Fact]
    public void Entity_rule_catches_a_public_writable_field() =>
        EntityRules.PublicSetters([typeof(FieldEntity)])
            .Should().Equal($"{typeof(FieldEntity).FullName}.Name is a public writable field");

    [Fact]
    public void Entity_rule_accepts_an_entity_that_changes_through_its_methods() =>
        EntityRules.PublicSetters([typeof(SealedEntity)]).Should().BeEmpty();

    [Fact]
    public void Entity_scan_picks_classes_with_an_Id_only() =>
        EntityRules.EntitiesIn([typeof(SealedEntity), typeof(CprNumber), typeof(ReferralSubmission), typeof(CaseStatus)])
            .Should().Equal(typeof(SealedEntity));
}
