using FluentValidation;
using LinkWorker.Application.Common.Behaviours;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.FollowUps.ListReminders;

/// <summary>
/// Administrators' view of the reminders: planned ones with the time they fire (their due time: the follow-up row
/// is the reminder, ADR 0020), fired and escalated ones. By due time, one keyset page at a time. (The background
/// jobs themselves are on the dashboard at /admin/jobs.)
/// </summary>
[Authorize(Roles.Administrator)]
// Read-only: no transaction needed.
public sealed record ListRemindersQuery(FollowUpStatus? Status = null, string? Cursor = null, int? PageSize = null)
    : IRequest<CursorPage<ReminderView>>, ISelfCommittingRequest
{
    internal const string List = "reminders";
}

public sealed record ReminderView(
    Guid FollowUpId, Guid CaseId, FollowUpKind Kind, FollowUpStatus Status, DateTimeOffset DueAt, DateTimeOffset? NextFireTime,
    DateTimeOffset? FiredAt, DateTimeOffset? EscalatedAt, bool MissingTrigger);

/// <remarks><c>MissingTrigger</c> is always false now that no separate trigger exists; kept for existing clients.</remarks>
internal sealed class ListRemindersHandler(IAppDbContext db) : IRequestHandler<ListRemindersQuery, CursorPage<ReminderView>>
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
        return PageSizes.Cut(
            rows,
            pageSize,
            f => new ReminderView(
                f.Id, f.CaseId, f.Kind, f.Status, f.DueAt, f.Status == FollowUpStatus.Planned ? f.DueAt : null, f.FiredAt, f.EscalatedAt, false),
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
