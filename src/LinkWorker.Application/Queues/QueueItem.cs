using LinkWorker.Application.Cases;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Paging;
using LinkWorker.Application.Common.ReferenceData;
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
/// The order is cut into segments, each one range of an index in index order (ADR 29): overdue (the stored deadline
/// instant has passed) per urgency, most urgent first; then per urgency the cases awaiting their first contact, by
/// deadline, and the contacted ones (no deadline), by opening. A page reads the segments from the cursor's on, each
/// with a limit, until it is full, so no query sorts more than a page. "Now" is taken when the first page is read
/// and travels in the cursor, so the order holds still while the caller pages.
/// </remarks>
// A class with init members, not an anonymous type: the query-plan test builds the same query.
internal sealed class QueueRow
{
    public required Case Case { get; init; }

    public required string Name { get; init; }

    public required string Postcode { get; init; }

    /// <summary>The reasons of the case's latest routing decision (<see cref="QueueItems.WithReasons"/>); null when not read or none.</summary>
    public IReadOnlyList<string>? LastReasons { get; init; }
}

internal static class QueueItems
{
    // The cursor: as of, segment, deadline (0 for none), opened, id.
    private const int KeyCount = 5;

    private static readonly Urgency[] MostUrgentFirst = Enum.GetValues<Urgency>().OrderDescending().ToArray();

    /// <summary>The segments in queue order: overdue per urgency, then per urgency awaiting and contacted.</summary>
    internal static readonly QueueSegment[] Segments =
    [
        .. MostUrgentFirst.Select(u => new QueueSegment(u, SegmentKind.Overdue)),
        .. MostUrgentFirst.SelectMany(u => (QueueSegment[])[new(u, SegmentKind.Awaiting), new(u, SegmentKind.Contacted)]),
    ];

    public static bool IsValidCursor(string? cursor, string list) =>
        PageCursor.IsValidOrAbsent(cursor, list, KeyCount)
        && (string.IsNullOrEmpty(cursor) || (PageCursor.TryDecode(cursor, list, KeyCount, out var keys) && keys.Rank(1) < Segments.Length));

    /// <summary>
    /// A page: the cursor's segment in one query, and if that does not fill the page the later segments in a second;
    /// each row with its latest routing reasons; the municipality's rule for "unreachable" comes from the reference
    /// data cache (issue 18: round trips, not plans, were the cost).
    /// </summary>
    public static async Task<CursorPage<QueueItem>> Page(
        IAppDbContext db, ReferenceDataCache reference, string municipalityCode, IQueryable<Case> cases, string list, string? cursor, int pageSize,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unreachableAfter = await reference.UnreachableAfterAttemptsOf(db, municipalityCode, cancellationToken);

        var after = cursor is not null && PageCursor.TryDecode(cursor, list, KeyCount, out var keys) ? keys : (CursorKeys?)null;
        var asOf = after?.Time(0) ?? now;
        var first = after?.Rank(1) ?? 0;
        var rows = await WithReasons(db, Segment(db, cases, Segments[first], asOf, after).Take(pageSize + 1))
            .AsNoTracking().ToListAsync(cancellationToken);
        if (rows.Count <= pageSize && first + 1 < Segments.Length)
        {
            // Not full: the later segments, each from its start and with its own limit, in one query (UNION ALL)
            // instead of one round trip per segment; each part is still one range of an index in its order.
            var need = pageSize + 1 - rows.Count;
            // Put in segment order; within a segment the rows keep the order its part delivered (a stable sort).
            var more = await WithReasons(db, SegmentsFrom(db, cases, first + 1, asOf, need)).AsNoTracking().ToListAsync(cancellationToken);
            rows.AddRange(more.OrderBy(r => SegmentOf(r.Case, asOf)).Take(need));
        }

        return PageSizes.Cut(
            rows,
            pageSize,
            r => new QueueItem(
                r.Case.Id, r.Case.Status, r.Name, r.Postcode, r.Case.Urgency, r.Case.OpenedAt,
                FirstContactDeadline.Of(r.Case, now), r.Case.FailedContactAttempts,
                r.Case.FailedContactAttempts >= unreachableAfter, r.LastReasons ?? []),
            r => PageCursor.Encode(
                list, asOf, SegmentOf(r.Case, asOf), r.Case.FirstContactDueAt?.UtcTicks ?? 0L, r.Case.OpenedAt, r.Case.Id));
    }

    /// <summary>The segments from <paramref name="first"/> on, each from its start, at most <paramref name="take"/> rows of each: one query.</summary>
    internal static IQueryable<QueueRow> SegmentsFrom(IAppDbContext db, IQueryable<Case> cases, int first, DateTimeOffset asOf, int take)
    {
        var rows = Segment(db, cases, Segments[first], asOf, null).Take(take);
        for (var segment = first + 1; segment < Segments.Length; segment++)
        {
            rows = rows.Concat(Segment(db, cases, Segments[segment], asOf, null).Take(take));
        }

        return rows;
    }

    /// <summary>
    /// The rows with the reasons of each case's latest routing decision, read in the same query (a look-up per row
    /// on the decisions' (CaseId, DecidedAt) index) instead of a second round trip for the page's decisions.
    /// </summary>
    internal static IQueryable<QueueRow> WithReasons(IAppDbContext db, IQueryable<QueueRow> rows) =>
        rows.Select(r => new QueueRow
        {
            Case = r.Case,
            Name = r.Name,
            Postcode = r.Postcode,
            LastReasons = db.RoutingDecisions.Where(d => d.CaseId == r.Case.Id).OrderByDescending(d => d.DecidedAt).Select(d => d.Reasons).FirstOrDefault(),
        });

    /// <summary>The place of a case among <see cref="Segments"/>.</summary>
    internal static int SegmentOf(Case @case, DateTimeOffset asOf) => Array.IndexOf(
        Segments,
        new QueueSegment(
            @case.Urgency,
            @case.FirstContactDueAt is not { } due ? SegmentKind.Contacted : due <= asOf ? SegmentKind.Overdue : SegmentKind.Awaiting));

    /// <summary>One segment's cases in queue order, after the cursor's row when it lies in this segment.</summary>
    internal static IQueryable<QueueRow> Segment(IAppDbContext db, IQueryable<Case> cases, QueueSegment segment, DateTimeOffset asOf, CursorKeys? after)
    {
        var urgency = segment.Urgency;
        cases = segment.Kind switch
        {
            SegmentKind.Overdue => cases.Where(c => c.Urgency == urgency && c.FirstContactDueAt <= asOf),
            SegmentKind.Awaiting => cases.Where(c => c.Urgency == urgency && c.FirstContactDueAt > asOf),
            _ => cases.Where(c => c.Urgency == urgency && c.FirstContactDueAt == null),
        };

        if (after is { } keys)
        {
            var (openedAt, id) = (keys.Time(3), keys.Id(4));
            if (segment.Kind == SegmentKind.Contacted)
            {
                // The redundant "at or after" starts the index range at the cursor instead of filtering up to it.
                cases = cases.Where(c => c.OpenedAt >= openedAt && (c.OpenedAt > openedAt || c.Id.CompareTo(id) > 0));
            }
            else
            {
                DateTimeOffset? due = keys.Time(2);
                cases = cases.Where(c => c.FirstContactDueAt >= due
                    && (c.FirstContactDueAt > due || c.OpenedAt > openedAt || (c.OpenedAt == openedAt && c.Id.CompareTo(id) > 0)));
            }
        }

        var rows =
            from c in cases
            join citizen in db.Citizens on c.CitizenId equals citizen.Id
            select new QueueRow { Case = c, Name = citizen.Name, Postcode = citizen.Address.Postcode };
        // Contacted cases have no deadline, so ordering by it changes nothing, but it is the index's order as
        // PostgreSQL sees it ("IS NULL" does not fix a column for its planner the way "=" does).
        return rows.OrderBy(r => r.Case.FirstContactDueAt).ThenBy(r => r.Case.OpenedAt).ThenBy(r => r.Case.Id);
    }
}

internal enum SegmentKind
{
    Overdue,
    Awaiting,
    Contacted,
}

internal readonly record struct QueueSegment(Urgency Urgency, SegmentKind Kind);
