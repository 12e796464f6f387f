using LinkWorker.Application.Notifications.ListMyNotifications;
using LinkWorker.Application.Notifications.ListOutbox;
using LinkWorker.Application.Notifications.MarkNotificationRead;
using LinkWorker.Application.Notifications.RetryNotification;
using LinkWorker.Domain.Notifications;
using Mediator;

namespace LinkWorker.Api.Endpoints;

internal sealed class Notifications : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Follow-ups").RequireAuthorization();
        notifications.MapGet("/", (bool? unreadOnly, string? cursor, int? pageSize, ISender sender, CancellationToken ct) =>
                sender.Send(new ListMyNotificationsQuery(unreadOnly ?? false, cursor, pageSize), ct))
            .WithSummary("Your due reminders and tasks, unread first. Paged: pageSize (default 50, at most 200), cursor = the previous page's nextCursor.")
            .ProducesValidationProblem();
        notifications.MapPost("/{notificationId:guid}/read", async (Guid notificationId, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new MarkNotificationReadCommand(notificationId), ct);
            return TypedResults.NoContent();
        });

        var outbox = app.MapGroup("/api/admin/outbox").WithTags("Operations").RequireAuthorization();
        outbox.MapGet("", (NotificationStatus? status, string? cursor, int? pageSize, ISender sender, CancellationToken ct) =>
                sender.Send(new ListOutboxQuery(status, cursor, pageSize), ct))
            .WithSummary("Administrators: outgoing e-mail and SMS by status, newest first; failed ones can be retried. Paged like every list.")
            .ProducesValidationProblem();
        outbox.MapPost("/{notificationId:guid}/retry", async (Guid notificationId, ISender sender, CancellationToken ct) =>
        {
            await sender.Send(new RetryNotificationCommand(notificationId), ct);
            return TypedResults.NoContent();
        });
    }
}
