namespace LinkWorker.Domain.Common;

/// <summary>Something that happened to an aggregate, which other parts of the system react to in the same transaction.</summary>
#pragma warning disable CA1040 // A marker: the dispatcher finds the handlers by the event's type.
public interface IDomainEvent;
#pragma warning restore CA1040

/// <summary>An aggregate that collects the events its state changes raise, until the unit of work dispatches them.</summary>
public interface IHasDomainEvents
{
    /// <summary>The events raised since the last call, in the order raised; the aggregate forgets them.</summary>
    IReadOnlyList<IDomainEvent> TakeDomainEvents();
}

/// <summary>
/// Base of the aggregates that raise domain events. Methods only (no property), so the database model never sees
/// the list.
/// </summary>
public abstract class Entity : IHasDomainEvents
{
    private readonly List<IDomainEvent> _domainEvents = [];

    public IReadOnlyList<IDomainEvent> TakeDomainEvents()
    {
        var events = _domainEvents.ToArray();
        _domainEvents.Clear();
        return events;
    }

    /// <summary>The events raised and not yet taken (for tests and for reading, not for dispatching).</summary>
    public IReadOnlyList<IDomainEvent> PeekDomainEvents() => _domainEvents.ToArray();

    protected void Raise(IDomainEvent domainEvent) => _domainEvents.Add(domainEvent);
}
