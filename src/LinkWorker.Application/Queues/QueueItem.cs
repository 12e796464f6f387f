using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Queues;

/// <summary>One case in a queue, with what decides its place: overdue first contact, urgency, deadline.</summary>
public sealed record QueueItem(
    Guid CaseId,
    CaseStatus Status,
    string CitizenName,
    string Postcode,
    Urgency Urgency,
    DateTimeOffset OpenedAt,
    FirstContactDeadline? FirstContactDeadline,
    int FailedContactAttempts,
    bool SuggestCloseAsUnreachable,
    IReadOnlyList<string> LastRoutingReasons,
    bool IsNew = false);

/// <summary>
/// A queue read one keyset page at a time, in the queue's order: overdue first contacts first, then the most urgent,
/// then the nearest first-contact deadline (cases already contacted have none and come after), then the oldest, then
/// the case id (unique, so that no two rows tie).
/// </summary>
/// <remarks>
/// The deadline is a fixed number of working days after the Danish day the case was opened, so a later opening never
/// has an earlier deadline: "nearest deadline, then oldest" is "oldest", and "overdue" is "not contacted and opened
/// before a threshold" — every key is a column or a comparison of one, which SQL can order and compare. The threshold
/// is taken when the first page is read and travels in the cursor, so the order holds still while the caller pages.
/// </remarks>
// A class with init members, not an anonymous type: the query-plan test builds the same query.
internal sealed class QueueRow
{
    public required Case Case { get; init; }

    public required string Name { get; init; }

    public required string Postcode { get; init; }
}

internal static class QueueItems
{
    private const int KeyCount = 6;

    public static bool IsValidCursor(string? cursor, string list) => PageCursor.IsValidOrAbsent(cursor, list, KeyCount);

    public static async Task<CursorPage<QueueItem>> Page(
        IAppDbContext db, string municipalityCode, IQueryable<Case> cases, string list, string? cursor, int pageSize, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var municipality = await db.Municipalities.AsNoTracking().SingleOrDefaultAsync(m => m.Code == municipalityCode, cancellationToken);
        // Ordering uses the current rule; a case keeps its own rule for its shown deadline (FirstContactDeadline.Of).
        var workingDays = municipality?.FirstContactWorkingDays ?? 5;

        var after = cursor is not null && PageCursor.TryDecode(cursor, list, KeyCount, out var keys) ? keys : (CursorKeys?)null;
        var overdueBefore = after?.Time(0) ?? OverdueBefore(workingDays, now);
        var rows = await Ordered(db, cases, overdueBefore, after).Take(pageSize + 1).AsNoTracking().ToListAsync(cancellationToken);

        var ids = rows.Select(r => r.Case.Id).ToList();
        var reasons = (await db.RoutingDecisions.AsNoTracking().Where(d => ids.Contains(d.CaseId)).ToListAsync(cancellationToken))
            .GroupBy(d => d.CaseId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.DecidedAt).Last().Reasons);
        var unreachableAfter = municipality?.UnreachableAfterAttempts ?? 3;

        return PageSizes.Cut(
            rows,
            pageSize,
            r => new QueueItem(
                r.Case.Id, r.Case.Status, r.Name, r.Postcode, r.Case.Urgency, r.Case.OpenedAt,
                FirstContactDeadline.Of(r.Case, now), r.Case.FailedContactAttempts,
                r.Case.FailedContactAttempts >= unreachableAfter, reasons.GetValueOrDefault(r.Case.Id, [])),
            r => PageCursor.Encode(
                list, overdueBefore, r.Case.FirstContactAt == null && r.Case.OpenedAt < overdueBefore, r.Case.Urgency,
                r.Case.FirstContactAt == null, r.Case.OpenedAt, r.Case.Id));
    }

    /// <summary>The cases in queue order, after the cursor's row when there is one.</summary>
    internal static IQueryable<QueueRow> Ordered(IAppDbContext db, IQueryable<Case> cases, DateTimeOffset overdueBefore, CursorKeys? after)
    {
        if (after is { } keys)
        {
            var (overdue, urgency, open, openedAt, id) = (keys.Rank(1), (Urgency)keys.Rank(2), keys.Rank(3), keys.Time(4), keys.Id(5));
            cases = cases.Where(c =>
                (c.FirstContactAt == null && c.OpenedAt < overdueBefore ? 1 : 0) < overdue
                || ((c.FirstContactAt == null && c.OpenedAt < overdueBefore ? 1 : 0) == overdue
                    && (c.Urgency < urgency
                        || (c.Urgency == urgency
                            && ((c.FirstContactAt == null ? 1 : 0) < open
                                || ((c.FirstContactAt == null ? 1 : 0) == open
                                    && (c.OpenedAt > openedAt || (c.OpenedAt == openedAt && c.Id.CompareTo(id) > 0))))))));
        }

        return
            from @case in cases
            join citizen in db.Citizens on @case.CitizenId equals citizen.Id
            orderby (@case.FirstContactAt == null && @case.OpenedAt < overdueBefore ? 1 : 0) descending,
                @case.Urgency descending,
                (@case.FirstContactAt == null ? 1 : 0) descending,
                @case.OpenedAt,
                @case.Id
            select new QueueRow { Case = @case, Name = citizen.Name, Postcode = citizen.Address.Postcode };
    }

    /// <summary>
    /// The first instant of the earliest Danish day whose cases are not yet overdue: a case not contacted and opened
    /// before it has passed its first-contact deadline (<see cref="FirstContactDeadline"/>).
    /// </summary>
    internal static DateTimeOffset OverdueBefore(int workingDays, DateTimeOffset now)
    {
        var day = DanishTime.DateOf(now);
        for (var guard = 0; guard < 3660 && !IsOverdue(day.AddDays(-1)); guard++)
        {
            day = day.AddDays(-1);
        }

        return DanishTime.StartOf(day);

        bool IsOverdue(DateOnly opened) => now >= DanishTime.EndOf(WorkingDayCalendar.Default.AddWorkingDays(opened, workingDays));
    }
}
