using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Notifications.ListOutbox;

/// <summary>Administrators: outgoing e-mail and SMS messages by status (failed ones first of all). No addresses, no text.</summary>
[Authorize(Roles.Administrator)]
public sealed record ListOutboxQuery(NotificationStatus? Status = null) : IRequest<IReadOnlyList<OutboxEntryView>>;

public sealed record OutboxEntryView(
    Guid Id, NotificationChannel Channel, NotificationKind Kind, NotificationStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, Guid? CaseId, Guid? FollowUpId);

internal sealed class ListOutboxHandler(IAppDbContext db) : IRequestHandler<ListOutboxQuery, IReadOnlyList<OutboxEntryView>>
{
    public async Task<IReadOnlyList<OutboxEntryView>> Handle(ListOutboxQuery query, CancellationToken cancellationToken)
    {
        var entries = await db.Notifications.AsNoTracking()
            .Where(n => n.Channel != NotificationChannel.InApp && (query.Status == null || n.Status == query.Status))
            .ToListAsync(cancellationToken);
        return entries.OrderByDescending(n => n.CreatedAt).Take(500)
            .Select(n => new OutboxEntryView(n.Id, n.Channel, n.Kind, n.Status, n.Attempts, n.CreatedAt, n.NextAttemptAt, n.SentAt, n.LastError, n.CaseId, n.FollowUpId))
            .ToList();
    }
}
