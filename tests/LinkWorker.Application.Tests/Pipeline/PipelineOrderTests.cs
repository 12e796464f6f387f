using LinkWorker.Application.Me.GetMe;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LinkWorker.Application.Tests.Pipeline;

/// <summary>
/// The pipeline's order is a security property: the audit sees denials, authorization runs before anything reads
/// the request, and the unit of work wraps the idempotency claim so a failed request leaves no key claimed (ADR 3).
/// The order lives in <c>MediatorOptions.PipelineBehaviors</c> in AddApplication; these tests run it.
/// </summary>
public sealed class PipelineOrderTests
{
    [Fact]
    public async Task A_request_passes_audit_authorization_validation_unit_of_work_and_idempotency_in_that_order_before_its_handler()
    {
        var services = new ServiceCollection();
        services.AddApplication();
        var log = new List<string>();

        // Each behaviour AddApplication registered for this request is stood in for, in its place, by a recorder
        // named after it: what runs is the order the application registered, composed by the generated mediator.
        var behaviour = typeof(IPipelineBehavior<GetMeQuery, MeView>);
        for (var i = 0; i < services.Count; i++)
        {
            if (services[i].ServiceType == behaviour)
            {
                var name = services[i].ImplementationType!.Name.Split('`')[0];
                services[i] = ServiceDescriptor.Scoped(behaviour, _ => new Recorder(name, log));
            }
        }

        services.Replace(ServiceDescriptor.Scoped<IRequestHandler<GetMeQuery, MeView>>(_ => new RecordingHandler(log)));

        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetMeQuery());

        log.Should().Equal(
            "AuditBehaviour", "AuthorizationBehaviour", "ValidationBehaviour", "UnitOfWorkBehaviour", "IdempotencyBehaviour", "handler");
    }

    [Fact]
    public void The_mediator_and_the_handlers_live_per_scope_because_handlers_hold_the_request_s_database_context()
    {
        var services = new ServiceCollection();
        services.AddApplication();

        var mediator = services.Where(d => d.ServiceType == typeof(ISender) || d.ServiceType == typeof(IMediator)).ToArray();
        var handlers = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)).ToArray();
        var behaviours = services.Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>)).ToArray();

        mediator.Should().HaveCount(2);
        handlers.Should().Contain(d => d.ServiceType == typeof(IRequestHandler<GetMeQuery, MeView>), "the source generator registers every handler");
        behaviours.Should().NotBeEmpty();
        mediator.Concat(handlers).Concat(behaviours).Should().OnlyContain(d => d.Lifetime == ServiceLifetime.Scoped);
    }

    private sealed class Recorder(string name, List<string> log) : IPipelineBehavior<GetMeQuery, MeView>
    {
        public ValueTask<MeView> Handle(GetMeQuery message, MessageHandlerDelegate<GetMeQuery, MeView> next, CancellationToken cancellationToken)
        {
            log.Add(name);
            return next(message, cancellationToken);
        }
    }

    private sealed class RecordingHandler(List<string> log) : IRequestHandler<GetMeQuery, MeView>
    {
        public ValueTask<MeView> Handle(GetMeQuery request, CancellationToken cancellationToken)
        {
            log.Add("handler");
            return ValueTask.FromResult(new MeView(Guid.Empty, null, [], "0751", null, null));
        }
    }
}
