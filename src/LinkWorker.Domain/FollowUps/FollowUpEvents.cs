using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.FollowUps;

/// <summary>A follow-up was planned; its reminder is to fire at <paramref name="DueAt"/>.</summary>
public sealed record FollowUpPlanned(Guid FollowUpId, string MunicipalityCode, Guid CaseId, DateTimeOffset DueAt) : IDomainEvent;

/// <summary>A follow-up was completed or cancelled; a reminder not yet fired must not fire.</summary>
public sealed record FollowUpEnded(Guid FollowUpId, Guid CaseId, FollowUpStatus Status) : IDomainEvent;
