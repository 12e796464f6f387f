using FluentValidation;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.ListReminders;

/// <summary>
/// Administrators' operations view of the scheduler (no Quartz dashboard is served): reminders scheduled with
/// their next fire time, fired, and those whose follow-up is planned but has no trigger (which should not happen).
/// By due time, one keyset page at a time.
/// </summary>
[Authorize(Roles.Administrator)]
// Read-only and outside a transaction: it asks the scheduler, whose own SQLite connection must not wait on ours.
public sealed record ListRemindersQuery(FollowUpStatus? Status = null, string? Cursor = null, int? PageSize = null)
    : IRequest<CursorPage<ReminderView>>, ISelfCommittingRequest
{
    internal const string List = "reminders";
}

public sealed record ReminderView(
    Guid FollowUpId, Guid CaseId, FollowUpKind Kind, FollowUpStatus Status, DateTimeOffset DueAt, DateTimeOffset? NextFireTime,
    DateTimeOffset? FiredAt, DateTimeOffset? EscalatedAt, bool MissingTrigger);

internal sealed class ListRemindersHandler(IAppDbContext db, IReminderScheduler scheduler) : IRequestHandler<ListRemindersQuery, CursorPage<ReminderView>>
{
    public async ValueTask<CursorPage<ReminderView>> Handle(ListRemindersQuery query, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Of(query.PageSize);
        var followUps = db.FollowUps.AsNoTracking().Where(f => query.Status == null || f.Status == query.Status);
        if (PageCursor.TryDecode(query.Cursor, ListRemindersQuery.List, 2, out var after))
        {
            var (dueAt, id) = (after.Time(0), after.Id(1));
            followUps = followUps.Where(f => f.DueAt > dueAt || (f.DueAt == dueAt && f.Id.CompareTo(id) > 0));
        }

        var rows = await followUps.OrderBy(f => f.DueAt).ThenBy(f => f.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var fireTimes = await scheduler.NextFireTimes(rows.Where(f => f.Status == FollowUpStatus.Planned).Select(f => f.Id).ToList(), cancellationToken);
        return PageSizes.Cut(
            rows,
            pageSize,
            f => new ReminderView(
                f.Id, f.CaseId, f.Kind, f.Status, f.DueAt, fireTimes.TryGetValue(f.Id, out var next) ? next : null, f.FiredAt, f.EscalatedAt,
                f.Status == FollowUpStatus.Planned && !fireTimes.ContainsKey(f.Id)),
            f => PageCursor.Encode(ListRemindersQuery.List, f.DueAt, f.Id));
    }
}

internal sealed class ListRemindersValidator : AbstractValidator<ListRemindersQuery>
{
    public ListRemindersValidator()
    {
        RuleFor(q => q.PageSize).InclusiveBetween(1, PageSizes.Maximum);
        RuleFor(q => q.Cursor).Must(c => PageCursor.IsValidOrAbsent(c, ListRemindersQuery.List, 2)).WithMessage(PageCursor.Refused);
    }
}
