using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.FollowUps.EscalateOverdueFollowUps;

/// <summary>
/// The periodic escalation scan: follow-ups of the caller's municipality still due
/// <c>EscalateFollowUpsAfterDays</c> after their due time are escalated to the coordinators, at most
/// <paramref name="BatchSize"/> per call (one transaction). Returns how many were escalated; a full batch means there
/// may be more. Safe to send twice.
/// </summary>
[Authorize(Roles.System)]
public sealed record EscalateOverdueFollowUpsCommand(int BatchSize = EscalateOverdueFollowUpsCommand.DefaultBatchSize) : IRequest<int>, ICitizenDataRequest
{
    public const int DefaultBatchSize = 200;
}
