using System.Collections.Concurrent;
using System.Reflection;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Application.Common.Events;

/// <summary>
/// Collects the events of the aggregates the context tracks and hands each to its handlers, resolved from DI.
/// It does not depend on the mediator: the unit of work calls it once before saving.
/// </summary>
internal sealed class DomainEventDispatcher(IAppDbContext db, IServiceProvider services)
{
    // Handlers that raise events whose handlers raise events... end; more rounds than this is a loop.
    private const int MaxRounds = 16;

    private static readonly MethodInfo DispatchOneMethod =
        typeof(DomainEventDispatcher).GetMethod(nameof(DispatchOne), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, Task>> Invokers = new();

    /// <summary>Dispatches every pending event of every tracked aggregate, round after round until none is left.</summary>
    public async Task DispatchPending(CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            var pending = db.ChangeTracker.WithoutDetectingChanges<IHasDomainEvents>()
                .SelectMany(e => e.Entity.TakeDomainEvents())
                .ToList();
            if (pending.Count == 0)
            {
                return;
            }

            if (round == MaxRounds)
            {
                throw new InvalidOperationException($"Domain events still raised further events after {MaxRounds} rounds: a handler loop.");
            }

            foreach (var domainEvent in pending)
            {
                await Dispatch(domainEvent, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Dispatches one aggregate's events now, and what they raise, for a caller that must know the outcome before it
    /// goes on (the router: did the guide still have a free place?). An exception leaves the rest of the aggregate's
    /// events undispatched, so call it right after the change whose reaction you need.
    /// </summary>
    public async Task DispatchNow(IHasDomainEvents aggregate, CancellationToken cancellationToken)
    {
        foreach (var domainEvent in aggregate.TakeDomainEvents())
        {
            await Dispatch(domainEvent, cancellationToken);
        }

        await DispatchPending(cancellationToken);
    }

    private Task Dispatch(IDomainEvent domainEvent, CancellationToken cancellationToken) =>
        Invokers.GetOrAdd(domainEvent.GetType(), type => DispatchOneMethod.MakeGenericMethod(type)
            .CreateDelegate<Func<IServiceProvider, IDomainEvent, CancellationToken, Task>>())(services, domainEvent, cancellationToken);

    private static async Task DispatchOne<TEvent>(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.Handle((TEvent)domainEvent, cancellationToken);
        }
    }
}
