using LinkWorker.Domain.Common;

namespace LinkWorker.Application.Common.Events;

/// <summary>Reacts to one kind of domain event, inside the request's transaction (before the save).</summary>
/// <remarks>
/// One handler owns one reaction. A handler may change aggregates, which raise further events; those are dispatched
/// in a further round, before the same save. Work that must wait for the commit goes to <see cref="Behaviours.AfterCommit"/>.
/// </remarks>
#pragma warning disable CA1711 // The name says what it is; it is no .NET event handler delegate.
public interface IDomainEventHandler<in TEvent>
    where TEvent : IDomainEvent
{
    Task Handle(TEvent domainEvent, CancellationToken cancellationToken);
}
#pragma warning restore CA1711
