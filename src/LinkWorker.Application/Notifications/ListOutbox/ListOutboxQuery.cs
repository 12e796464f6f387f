using FluentValidation;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.ListOutbox;

/// <summary>
/// Administrators: outgoing e-mail and SMS messages by status, newest first, one keyset page at a time. No addresses,
/// no text.
/// </summary>
[Authorize(Roles.Administrator)]
public sealed record ListOutboxQuery(NotificationStatus? Status = null, string? Cursor = null, int? PageSize = null)
    : IRequest<CursorPage<OutboxEntryView>>
{
    internal const string List = "outbox";
}

public sealed record OutboxEntryView(
    Guid Id, NotificationChannel Channel, NotificationKind Kind, NotificationStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, Guid? CaseId, Guid? FollowUpId);

internal sealed class ListOutboxHandler(IAppDbContext db) : IRequestHandler<ListOutboxQuery, CursorPage<OutboxEntryView>>
{
    public async ValueTask<CursorPage<OutboxEntryView>> Handle(ListOutboxQuery query, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Of(query.PageSize);
        var entries = db.Notifications.AsNoTracking()
            .Where(n => n.Channel != NotificationChannel.InApp && (query.Status == null || n.Status == query.Status));
        if (PageCursor.TryDecode(query.Cursor, ListOutboxQuery.List, 2, out var after))
        {
            var (createdAt, id) = (after.Time(0), after.Id(1));
            entries = entries.Where(n => n.CreatedAt < createdAt || (n.CreatedAt == createdAt && n.Id.CompareTo(id) < 0));
        }

        var rows = await entries.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(pageSize + 1)
            .Select(n => new OutboxEntryView(n.Id, n.Channel, n.Kind, n.Status, n.Attempts, n.CreatedAt, n.NextAttemptAt, n.SentAt, n.LastError, n.CaseId, n.FollowUpId))
            .ToListAsync(cancellationToken);
        return PageSizes.Cut(rows, pageSize, n => n, n => PageCursor.Encode(ListOutboxQuery.List, n.CreatedAt, n.Id));
    }
}

internal sealed class ListOutboxValidator : AbstractValidator<ListOutboxQuery>
{
    public ListOutboxValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListOutboxQuery.List, 2)).WithMessage(PageCursor.Refused);
    }
}
