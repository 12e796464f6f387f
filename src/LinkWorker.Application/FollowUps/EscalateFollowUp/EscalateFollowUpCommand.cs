using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.FollowUps.EscalateFollowUp;

/// <summary>A due follow-up was not completed in time: the coordinators are told. Safe to send twice.</summary>
[Authorize(Roles.System)]
public sealed record EscalateFollowUpCommand(Guid FollowUpId) : IRequest<bool>, ICitizenDataRequest;
