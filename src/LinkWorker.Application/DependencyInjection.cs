using System.Reflection;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddScoped<ISender, Sender>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<IdempotencyScope>();
        services.AddScoped<AfterCommit>();
        services.AddOptions<IdempotencyOptions>();
        services.AddScoped<Common.Routing.GuideCapacity>();
        services.AddScoped<Common.Routing.CaseRouter>();
        services.AddScoped<Common.Events.DomainEventDispatcher>();
        services.AddScoped<Common.Routing.GuideLoadReconciliation>();
        services.AddScoped<Common.Access.ConsentGate>();
        services.AddScoped<Notifications.Outbox>();
        services.AddScoped<FollowUps.FollowUpFiring>();
        services.AddScoped<Reports.ReportLoader>();
        services.AddScoped<Offers.OfferCatalogue>();
        services.AddSingleton(sp => new Common.Metrics.LinkWorkerMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        // The order is the pipeline, outermost first.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuditBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        // The unit of work wraps the idempotency claim, so a failed request never leaves its key claimed (ADR 3).
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(IdempotencyBehaviour<,>));

        // FluentValidation's DI package is not served here: register handlers and validators by scanning.
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IRequestHandler<,>) || definition == typeof(IValidator<>) || definition == typeof(Common.Events.IDomainEventHandler<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        return services;
    }

    public static Assembly Assembly => typeof(DependencyInjection).Assembly;
}
