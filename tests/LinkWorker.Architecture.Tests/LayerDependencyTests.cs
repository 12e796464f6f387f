using System.Reflection;
using LinkWorker.Architecture.Tests.Rules;

namespace LinkWorker.Architecture.Tests;

public sealed class LayerDependencyTests
{
    private const string Infrastructure = "LinkWorker.Infrastructure";
    private const string Api = "LinkWorker.Api";
    private const string AspNetCore = "Microsoft.AspNetCore";

    [Fact]
    public void Domain_references_no_other_layer_and_no_package() =>
        ReferenceRules.NonFrameworkReferences(Layers.Domain.GetReferencedAssemblies()).Should().BeEmpty();

    [Fact]
    public void Application_references_neither_infrastructure_nor_api_nor_aspnetcore() =>
        ReferenceRules.ReferencesTo(Layers.Application.GetReferencedAssemblies(), Infrastructure, Api, AspNetCore).Should().BeEmpty();

    [Fact]
    public void Infrastructure_does_not_reference_the_api() =>
        ReferenceRules.ReferencesTo(Layers.Infrastructure.GetReferencedAssemblies(), Api).Should().BeEmpty();

    [Fact]
    public void The_layers_reference_the_layer_below_them()
    {
        // Guards the rules above against passing on an empty reference list.
        Layers.Application.GetReferencedAssemblies().Select(a => a.Name).Should().Contain("LinkWorker.Domain");
        Layers.Infrastructure.GetReferencedAssemblies().Select(a => a.Name).Should().Contain("LinkWorker.Application");
        Layers.Api.GetReferencedAssemblies().Select(a => a.Name).Should().Contain("LinkWorker.Application");
    }

    [Fact]
    public void Domain_rule_catches_references_to_projects_and_packages_but_not_to_the_framework()
    {
        AssemblyName[] references =
        [
            new("System.Runtime"), new("System.Linq"), new("netstandard"), new("Microsoft.CSharp"),
            new("LinkWorker.Application"), new("Newtonsoft.Json"), new("Systematic.Logging"),
        ];

        ReferenceRules.NonFrameworkReferences(references)
            .Should().Equal("LinkWorker.Application", "Newtonsoft.Json", "Systematic.Logging");
    }

    [Fact]
    public void Domain_rule_catches_a_compiled_assembly_that_references_other_projects() =>
        ReferenceRules.NonFrameworkReferences(Layers.Tests.GetReferencedAssemblies())
            .Should().Contain(["LinkWorker.Api", "LinkWorker.Domain", "FluentAssertions"]);

    [Fact]
    public void Application_rule_catches_infrastructure_api_and_aspnetcore_but_not_ef_core()
    {
        AssemblyName[] references =
        [
            new("LinkWorker.Domain"), new("FluentValidation"), new("Microsoft.EntityFrameworkCore"),
            new("LinkWorker.Infrastructure"), new("LinkWorker.Api"), new("Microsoft.AspNetCore.Http.Abstractions"),
            new("LinkWorker.ApiClient"),
        ];

        ReferenceRules.ReferencesTo(references, Infrastructure, Api, AspNetCore)
            .Should().Equal("LinkWorker.Api", "LinkWorker.Infrastructure", "Microsoft.AspNetCore.Http.Abstractions");
    }

    [Fact]
    public void Infrastructure_rule_catches_a_compiled_assembly_that_references_the_api() =>
        ReferenceRules.ReferencesTo(Layers.Tests.GetReferencedAssemblies(), Api).Should().Equal("LinkWorker.Api");
}
