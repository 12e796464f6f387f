using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Application.Reports;

/// <summary>
/// The report's two aggregates that LINQ cannot express on both providers (a time difference on SQLite's tick
/// columns; a pair of rows per case), written in SQL by the infrastructure (ADR 0037). Each counts in the database
/// and returns a few hundred rows, where reading the period's cases and T-ILS scores returned 1.5 million at
/// 1,000,000 cases. Both apply the caller's municipality, as the query filters do.
/// </summary>
public interface IReportQueries
{
    /// <summary>
    /// The cases opened in [boundaries[0], boundaries[^1]) counted by the interval of <paramref name="boundaries"/>
    /// their OpenedAt falls in (the month: index i is [boundaries[i], boundaries[i + 1])) and by whole days from
    /// OpenedAt to FirstContactAt, rounded down (null: not contacted).
    /// </summary>
    Task<IReadOnlyList<CaseDayCount>> CasesByMonthAndDays(IAppDbContext db, IReadOnlyList<DateTimeOffset> boundaries, CancellationToken cancellationToken);

    /// <summary>
    /// The exact times to first contact of the contacted cases opened in [start, end) whose whole days are
    /// <paramref name="days"/>, in ascending order, <paramref name="skip"/> of them skipped and at most
    /// <paramref name="take"/> returned: with the day counts, any rank of the sorted times without reading them all.
    /// </summary>
    Task<IReadOnlyList<TimeSpan>> TimesToFirstContact(
        IAppDbContext db, DateTimeOffset start, DateTimeOffset end, int days, int skip, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Each case's first baseline and its latest later score, paired in the database and counted by their
    /// categories (T-ILS scores of the cases opened in [start, end), by the copy of OpenedAt they keep, ADR 0033).
    /// </summary>
    Task<IReadOnlyList<TilsPairCount>> TilsPairs(IAppDbContext db, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken);
}

/// <summary>Cases of one month (an index into the boundaries) with the same whole days to first contact.</summary>
public sealed record CaseDayCount(int Month, int? Days, int Cases);

/// <summary>
/// Cases whose first baseline had <see cref="Baseline"/> and whose latest later score (after the baseline) had
/// <see cref="Later"/> (null: none), with the sum of their changes in total score (later − baseline).
/// </summary>
public sealed record TilsPairCount(LonelinessCategory Baseline, LonelinessCategory? Later, int Cases, long TotalChange);
