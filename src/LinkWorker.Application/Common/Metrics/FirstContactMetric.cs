using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Events;
using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Common.Metrics;

/// <summary>Time from referral to first contact, counted once the first contact is saved (a rollback counts nothing).</summary>
internal sealed class FirstContactMetric(AfterCommit afterCommit, LinkWorkerMetrics metrics) : IDomainEventHandler<FirstContactMade>
{
    public Task Handle(FirstContactMade domainEvent, CancellationToken cancellationToken)
    {
        afterCommit.Add(() => metrics.FirstContact(domainEvent.MunicipalityCode, domainEvent.OpenedAt, domainEvent.At));
        return Task.CompletedTask;
    }
}
