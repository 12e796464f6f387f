using System.Reflection;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Scheduling;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Application;

public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddMediator(options =>
        {
            // Handlers hold the request's DbContext and current user: one set per scope, like the rest.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.GenerateTypesAsInternal = true;
            options.Assemblies = [typeof(DependencyInjection)];
            // The order is the pipeline, outermost first. The unit of work wraps the idempotency claim, so a failed
            // request never leaves its key claimed (ADR 3).
            options.PipelineBehaviors =
            [
                typeof(AuditBehaviour<,>),
                typeof(AuthorizationBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(UnitOfWorkBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
            ];
        });
        services.AddScoped<AuditTrail>();
        services.AddScoped<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<IdempotencyScope>();
        services.AddScoped<AfterCommit>();
        services.AddOptions<IdempotencyOptions>();
        services.AddSingleton<Common.ReferenceData.ReferenceDataCache>();
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

        // FluentValidation's DI package is not served here: register validators and domain-event handlers by
        // scanning. (The mediator's source generator registers the request handlers.)
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsAbstract: false, IsInterface: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(i => i.IsGenericType))
            {
                var definition = contract.GetGenericTypeDefinition();
                if (definition == typeof(IValidator<>))
                {
                    // Building a validator compiles its rules and regular expressions: once, not per request (ADR 38).
                    services.AddSingleton(contract, type);
                }
                else if (definition == typeof(Common.Events.IDomainEventHandler<>))
                {
                    services.AddScoped(contract, type);
                }
            }
        }

        return services;
    }

    public static Assembly Assembly => typeof(DependencyInjection).Assembly;
}
