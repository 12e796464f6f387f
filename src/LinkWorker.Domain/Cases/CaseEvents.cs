using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Cases;

/// <summary>
/// A guide took the case: its first assignment, or a reassignment. <paramref name="PreviousGuideId"/> is the guide who
/// held it until now (null when it came from triage); their place is freed and the new guide's is taken.
/// </summary>
public sealed record CaseAssigned(Guid CaseId, string MunicipalityCode, Guid GuideId, Guid? PreviousGuideId) : IDomainEvent;

/// <summary>The guide gave the case back to triage; their place is freed.</summary>
public sealed record CaseHandedBack(Guid CaseId, string MunicipalityCode, Guid GuideId) : IDomainEvent;

/// <summary>The case closed. <paramref name="HeldByGuideId"/> is the guide whose place it took (null from triage).</summary>
public sealed record CaseClosed(Guid CaseId, string MunicipalityCode, Guid? HeldByGuideId, ClosureReason Reason, DateTimeOffset At) : IDomainEvent;

/// <summary>A closed case opened again, into triage; routing runs next.</summary>
public sealed record CaseReopened(Guid CaseId, string MunicipalityCode, Guid? PreviousGuideId) : IDomainEvent;

/// <summary>The citizen was reached for the first time (a successful contact attempt or the first conversation).</summary>
public sealed record FirstContactMade(Guid CaseId, string MunicipalityCode, DateTimeOffset OpenedAt, DateTimeOffset At) : IDomainEvent;
