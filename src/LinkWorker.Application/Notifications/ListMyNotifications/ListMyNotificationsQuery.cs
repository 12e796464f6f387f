using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.ListMyNotifications;

/// <summary>The caller's own tasks and reminders, unread first, newest first, in the caller's language.</summary>
[Authorize]
public sealed record ListMyNotificationsQuery(bool UnreadOnly = false) : IRequest<IReadOnlyList<NotificationView>>;

public sealed record NotificationView(
    Guid Id, NotificationKind Kind, string Title, string Body, Guid? CaseId, Guid? FollowUpId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

internal sealed class ListMyNotificationsHandler(IAppDbContext db, ICurrentUser user)
    : IRequestHandler<ListMyNotificationsQuery, IReadOnlyList<NotificationView>>
{
    public async Task<IReadOnlyList<NotificationView>> Handle(ListMyNotificationsQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var english = user.Language == Language.English;
        var mine = await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientUserId == me && n.Channel == NotificationChannel.InApp && (!query.UnreadOnly || n.ReadAt == null))
            .ToListAsync(cancellationToken);
        return mine.OrderBy(n => n.ReadAt is not null).ThenByDescending(n => n.CreatedAt)
            .Select(n => english
                ? new NotificationView(n.Id, n.Kind, n.EnglishTitle ?? n.Title, n.EnglishBody ?? n.Body, n.CaseId, n.FollowUpId, n.CreatedAt, n.ReadAt)
                : new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.CaseId, n.FollowUpId, n.CreatedAt, n.ReadAt))
            .ToList();
    }
}
