using LinkWorker.Domain.Cases;

namespace LinkWorker.Application.Cases;

/// <summary>What a change to a case answers: its new state.</summary>
public sealed record CaseSummary(Guid Id, CaseStatus Status, Guid? AssignedGuideId, int FailedContactAttempts)
{
    internal static CaseSummary Of(Case c) => new(c.Id, c.Status, c.AssignedGuideId, c.FailedContactAttempts);
}
