using LinkWorker.Architecture.Tests.Rules;

namespace LinkWorker.Architecture.Tests;

/// <summary>Feature folders do not import each other in a cycle, and each feature's routes live in one endpoint group.</summary>
public sealed class FeatureStructureTests
{
    private static readonly Type[] EndpointGroups = Layers.Api.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetInterfaces().Any(i => i.Name == "IEndpointGroup"))
        .ToArray();

    [Fact]
    public void The_feature_graph_is_found_from_the_code()
    {
        var graph = FeatureRules.FeatureGraph(Layers.Application.GetTypes());

        // GetCase shows the case's consents: a real edge the scan must see, or the acyclicity check proves nothing.
        graph.Should().ContainKey("Cases").WhoseValue.Should().Contain("Consents");
        graph.Should().ContainKey("Referrals");
    }

    [Fact]
    public void Feature_folders_do_not_depend_on_each_other_in_a_cycle() =>
        FeatureRules.Cycles(FeatureRules.FeatureGraph(Layers.Application.GetTypes())).Should().BeEmpty();

    [Fact]
    public void Cycle_rule_catches_a_cycle_through_three_features()
    {
        var graph = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["Cases"] = new HashSet<string> { "Consents" },
            ["Consents"] = new HashSet<string> { "FollowUps" },
            ["FollowUps"] = new HashSet<string> { "Cases" },
            ["Queues"] = new HashSet<string> { "Cases" },
        };

        FeatureRules.Cycles(graph).Should().ContainSingle().Which.Should().Be("Cases → Consents → FollowUps → Cases");
    }

    [Fact]
    public void The_scan_finds_the_endpoint_groups() =>
        EndpointGroups.Select(g => g.Name).Should().Contain(["Cases", "Referrals", "Consents", "Offers", "Reports"]);

    [Fact]
    public void Every_request_the_api_sends_is_sent_from_the_endpoint_group_named_after_its_feature() =>
        FeatureRules.RequestsSentFromAnotherFeaturesGroup(EndpointGroups).Should().BeEquivalentTo(
        [
            // The one exception: choosing one's own password after a one-time password is a step of the sign-in
            // server's own pages (ADR 19), which the Accounts group cannot serve without the sign-in's cookies.
            "LinkWorker.Api.Endpoints.OpenIdEndpoints sends LinkWorker.Application.Accounts.ChangeOwnPassword.ChangeOwnPasswordCommand; it belongs in the endpoint group Accounts",
        ]);

    [Fact]
    public void Endpoint_rule_catches_a_group_sending_another_features_request() =>
        FeatureRules.RequestsSentFromAnotherFeaturesGroup([typeof(Samples.Endpoints.Cases)])
            .Should().ContainSingle().Which.Should().Contain("belongs in the endpoint group Consents");
}
