using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Architecture.Tests.Rules;
using LinkWorker.Architecture.Tests.Samples.Database;

namespace LinkWorker.Architecture.Tests;

/// <summary>The Api translates HTTP to requests; only the Application and Infrastructure layers touch the database.</summary>
public sealed class ApiDatabaseTests
{
    private static readonly Func<Type, bool> IsContext = DatabaseAccessRules.IsDatabaseContext;

    [Fact]
    public void Api_types_never_hold_or_receive_a_database_context() =>
        DatabaseAccessRules.SignatureViolations(Layers.Api.GetTypes(), IsContext).Should().BeEmpty();

    [Fact]
    public void Api_method_bodies_never_use_a_database_context() =>
        DatabaseAccessRules.MethodBodyViolations(Layers.Api.GetTypes(), IsContext).Should().BeEmpty();

    [Fact]
    public void Signature_rule_catches_a_context_taken_by_a_constructor_and_kept_in_a_property() =>
        DatabaseAccessRules.SignatureViolations([typeof(EndpointHoldingTheContext)], IsContext)
            .Should().Contain(v => v.Contains("constructor parameter db", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("property Db", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("field", StringComparison.Ordinal));

    [Fact]
    public void Signature_rule_catches_a_context_as_a_method_parameter() =>
        DatabaseAccessRules.SignatureViolations([typeof(EndpointTakingTheContext)], IsContext)
            .Should().ContainSingle().Which.Should().Contain("parameter db of method Save").And.Contain(nameof(IAppDbContext));

    [Fact]
    public void Signature_rule_catches_any_DbContext_subtype_and_looks_inside_generic_arguments()
    {
        DatabaseAccessRules.SignatureViolations([typeof(EndpointWithDeferredWork)], IsContext)
            .Should().Contain(v => v.Contains("property Steps", StringComparison.Ordinal) && v.Contains(nameof(SideDbContext), StringComparison.Ordinal));
        DatabaseAccessRules.SignatureViolations([typeof(SideDbContext)], IsContext)
            .Should().Contain(v => v.Contains("the type itself", StringComparison.Ordinal));
    }

    [Fact]
    public void Method_body_rule_catches_a_context_resolved_inside_a_method_that_signatures_do_not_show()
    {
        Type[] sample = [typeof(EndpointResolvingTheContext)];

        DatabaseAccessRules.SignatureViolations(sample, IsContext).Should().BeEmpty();
        DatabaseAccessRules.MethodBodyViolations(sample, IsContext)
            .Should().Contain(v => v.Contains("GetRequiredService", StringComparison.Ordinal))
            .And.Contain(v => v.Contains("SaveChangesAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void Method_body_rule_catches_calls_on_a_context_parameter() =>
        DatabaseAccessRules.MethodBodyViolations([typeof(EndpointTakingTheContext)], IsContext)
            .Should().Contain(v => v.Contains("callvirt", StringComparison.Ordinal) && v.Contains("SaveChangesAsync", StringComparison.Ordinal));

    [Fact]
    public void Method_body_rule_reads_compiled_async_handlers_of_the_application()
    {
        // Real compiler output (async state machines, lambdas, switch tables): the IL reader must step through all
        // of it, and finds the handlers' use of IAppDbContext inside their state machines.
        var violations = DatabaseAccessRules.MethodBodyViolations(Layers.Application.GetTypes(), t => t == typeof(IAppDbContext));

        violations.Should().Contain(v => v.Contains("SubmitReferralHandler", StringComparison.Ordinal) && v.Contains("get_Citizens", StringComparison.Ordinal));
    }

    [Fact]
    public void Database_rules_accept_code_that_never_touches_a_context()
    {
        Type[] sample = [typeof(EndpointUsingTheSender)];

        DatabaseAccessRules.SignatureViolations(sample, IsContext).Should().BeEmpty();
        DatabaseAccessRules.MethodBodyViolations(sample, IsContext).Should().BeEmpty();
    }
}
