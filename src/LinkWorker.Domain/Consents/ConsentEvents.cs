using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Consents;

/// <summary>The citizen withdrew a consent; it stops covering its scopes at <paramref name="At"/>.</summary>
public sealed record ConsentWithdrawn(Guid ConsentId, Guid CaseId, IReadOnlyList<ConsentScope> Scopes, DateTimeOffset At) : IDomainEvent;
