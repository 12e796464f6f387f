using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.ListReminders;

/// <summary>
/// Administrators' operations view of the scheduler (no Quartz dashboard is served): reminders scheduled with
/// their next fire time, fired, and those whose follow-up is planned but has no trigger (which should not happen).
/// </summary>
[Authorize(Roles.Administrator)]
// Read-only and outside a transaction: it asks the scheduler, whose own SQLite connection must not wait on ours.
public sealed record ListRemindersQuery(FollowUpStatus? Status = null) : IRequest<IReadOnlyList<ReminderView>>, ISelfCommittingRequest;

public sealed record ReminderView(
    Guid FollowUpId, Guid CaseId, FollowUpKind Kind, FollowUpStatus Status, DateTimeOffset DueAt, DateTimeOffset? NextFireTime,
    DateTimeOffset? FiredAt, DateTimeOffset? EscalatedAt, bool MissingTrigger);

internal sealed class ListRemindersHandler(IAppDbContext db, IReminderScheduler scheduler) : IRequestHandler<ListRemindersQuery, IReadOnlyList<ReminderView>>
{
    public async Task<IReadOnlyList<ReminderView>> Handle(ListRemindersQuery query, CancellationToken cancellationToken)
    {
        var followUps = (await db.FollowUps.AsNoTracking().Where(f => query.Status == null || f.Status == query.Status).ToListAsync(cancellationToken))
            .OrderBy(f => f.DueAt).Take(1000).ToList();
        var fireTimes = await scheduler.NextFireTimes(followUps.Where(f => f.Status == FollowUpStatus.Planned).Select(f => f.Id).ToList(), cancellationToken);
        return followUps.Select(f => new ReminderView(
                f.Id, f.CaseId, f.Kind, f.Status, f.DueAt, fireTimes.TryGetValue(f.Id, out var next) ? next : null, f.FiredAt, f.EscalatedAt,
                f.Status == FollowUpStatus.Planned && !fireTimes.ContainsKey(f.Id)))
            .ToList();
    }
}
