using FluentValidation;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.ListMyNotifications;

/// <summary>The caller's own tasks and reminders, unread first, newest first, in the caller's language; one keyset page at a time.</summary>
[Authorize]
public sealed record ListMyNotificationsQuery(bool UnreadOnly = false, string? Cursor = null, int? PageSize = null)
    : IRequest<CursorPage<NotificationView>>
{
    internal const string List = "notifications";
}

public sealed record NotificationView(
    Guid Id, NotificationKind Kind, string Title, string Body, Guid? CaseId, Guid? FollowUpId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

internal sealed class ListMyNotificationsHandler(IAppDbContext db, ICurrentUser user)
    : IRequestHandler<ListMyNotificationsQuery, CursorPage<NotificationView>>
{
    public async ValueTask<CursorPage<NotificationView>> Handle(ListMyNotificationsQuery query, CancellationToken cancellationToken)
    {
        var me = user.RequiredUserId;
        var english = user.Language == Language.English;
        var pageSize = PageSizes.Of(query.PageSize);
        var mine = db.Notifications.AsNoTracking()
            .Where(n => n.RecipientUserId == me && n.Channel == NotificationChannel.InApp && (!query.UnreadOnly || n.ReadAt == null));
        if (PageCursor.TryDecode(query.Cursor, ListMyNotificationsQuery.List, 3, out var after))
        {
            var (read, createdAt, id) = (after.Rank(0), after.Time(1), after.Id(2));
            mine = mine.Where(n => (n.ReadAt == null ? 0 : 1) > read
                || ((n.ReadAt == null ? 0 : 1) == read && (n.CreatedAt < createdAt || (n.CreatedAt == createdAt && n.Id.CompareTo(id) < 0))));
        }

        var rows = await mine.OrderBy(n => n.ReadAt == null ? 0 : 1).ThenByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(pageSize + 1)
            .Select(n => english
                ? new NotificationView(n.Id, n.Kind, n.EnglishTitle ?? n.Title, n.EnglishBody ?? n.Body, n.CaseId, n.FollowUpId, n.CreatedAt, n.ReadAt)
                : new NotificationView(n.Id, n.Kind, n.Title, n.Body, n.CaseId, n.FollowUpId, n.CreatedAt, n.ReadAt))
            .ToListAsync(cancellationToken);
        return PageSizes.Cut(rows, pageSize, n => n, n => PageCursor.Encode(ListMyNotificationsQuery.List, n.ReadAt is not null, n.CreatedAt, n.Id));
    }
}

internal sealed class ListMyNotificationsValidator : AbstractValidator<ListMyNotificationsQuery>
{
    public ListMyNotificationsValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListMyNotificationsQuery.List, 3)).WithMessage(PageCursor.Refused);
    }
}
