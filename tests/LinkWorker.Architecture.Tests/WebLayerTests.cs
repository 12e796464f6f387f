using LinkWorker.Architecture.Tests.Rules;
using LinkWorker.Architecture.Tests.Samples.Database;
using Mediator;

namespace LinkWorker.Architecture.Tests;

/// <summary>
/// The web app sends the same Application requests as the API, through <see cref="ISender"/> and so through the
/// whole pipeline (authorization, validation, audit, idempotency, one transaction): it never touches the
/// database context, never references Infrastructure or the Api, and never calls a handler itself (ADR 0017).
/// </summary>
public sealed class WebLayerTests
{
    private const string Infrastructure = "LinkWorker.Infrastructure";
    private const string Api = "LinkWorker.Api";

    private static bool IsHandler(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IRequestHandler<,>) || type.GetGenericTypeDefinition() == typeof(ICommandHandler<,>)
            || type.GetGenericTypeDefinition() == typeof(IQueryHandler<,>) || type.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>));

    [Fact]
    public void Web_references_the_application_but_neither_infrastructure_nor_the_api()
    {
        var references = Layers.Web.GetReferencedAssemblies();

        references.Select(a => a.Name).Should().Contain("LinkWorker.Application");
        ReferenceRules.ReferencesTo(references, Infrastructure, Api).Should().BeEmpty();
    }

    [Fact]
    public void Web_types_never_hold_or_receive_a_database_context() =>
        DatabaseAccessRules.SignatureViolations(Layers.Web.GetTypes(), DatabaseAccessRules.IsDatabaseContext).Should().BeEmpty();

    [Fact]
    public void Web_method_bodies_never_use_a_database_context() =>
        DatabaseAccessRules.MethodBodyViolations(Layers.Web.GetTypes(), DatabaseAccessRules.IsDatabaseContext).Should().BeEmpty();

    [Fact]
    public void Web_never_calls_a_handler_or_a_behaviour_past_the_sender()
    {
        DatabaseAccessRules.SignatureViolations(Layers.Web.GetTypes(), IsHandler).Should().BeEmpty();
        DatabaseAccessRules.MethodBodyViolations(Layers.Web.GetTypes(), IsHandler).Should().BeEmpty();
    }

    [Fact]
    public void Web_sends_requests_through_the_sender() =>
        DatabaseAccessRules.MethodBodyViolations(Layers.Web.GetTypes(), t => t == typeof(ISender))
            .Should().NotBeEmpty("the pages' requests go through ISender; the rules above would pass on an empty assembly");

    [Fact]
    public void Handler_rule_catches_a_page_that_resolves_and_calls_a_handler_itself()
    {
        DatabaseAccessRules.SignatureViolations([typeof(PageCallingAHandler)], IsHandler).Should().BeEmpty("the handler is resolved inside a method");
        DatabaseAccessRules.MethodBodyViolations([typeof(PageCallingAHandler)], IsHandler).Should().Contain(v => v.Contains("Handle", StringComparison.Ordinal));
        DatabaseAccessRules.MethodBodyViolations([typeof(EndpointUsingTheSender)], IsHandler).Should().BeEmpty();
    }

    /// <summary>A page that skips the pipeline: no authorization, no audit. What the rule must catch.</summary>
    private sealed class PageCallingAHandler(IServiceProvider services)
    {
        public ValueTask<LinkWorker.Application.Me.GetMe.MeView> Load() =>
            ((IRequestHandler<LinkWorker.Application.Me.GetMe.GetMeQuery, LinkWorker.Application.Me.GetMe.MeView>)services
                .GetService(typeof(IRequestHandler<LinkWorker.Application.Me.GetMe.GetMeQuery, LinkWorker.Application.Me.GetMe.MeView>))!)
            .Handle(new LinkWorker.Application.Me.GetMe.GetMeQuery(), CancellationToken.None);
    }
}
