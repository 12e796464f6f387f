using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Notifications.DispatchNotifications;

/// <summary>Delivers pending e-mail and SMS messages of every municipality whose time has come; returns how many were tried.</summary>
[Authorize(Roles.System)]
public sealed record DispatchNotificationsCommand(int BatchSize = 100) : IRequest<int>;
