using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Notifications.DispatchNotifications;

/// <summary>Delivers the caller's municipality's pending e-mail and SMS messages whose time has come; returns how many were tried.</summary>
[Authorize(Roles.System)]
public sealed record DispatchNotificationsCommand(int BatchSize = 100) : IRequest<int>, ISelfCommittingRequest;
