using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.FollowUps.FireFollowUp;

/// <summary>The scheduler's reminder for one follow-up fell due. Safe to send twice.</summary>
[Authorize(Roles.System)]
public sealed record FireFollowUpCommand(Guid FollowUpId) : IRequest<bool>, ICitizenDataRequest;
