using LinkWorker.Domain.FollowUps;

namespace LinkWorker.Application.Common.Scheduling;

/// <summary>
/// Takes a batch of due reminders for the current transaction. The follow-up row is the reminder (ADR 0020): a
/// planned follow-up whose due time has come is a reminder waiting to fire. On PostgreSQL the rows are locked with
/// <c>FOR UPDATE SKIP LOCKED</c>, so nodes sweeping at once never take the same row and a node that dies mid-batch
/// releases its rows with its transaction; on SQLite (one node) the database's single writer does the same.
/// </summary>
public interface IDueFollowUpClaims
{
    /// <summary>
    /// At most <paramref name="batchSize"/> planned follow-ups of the municipality due at or before
    /// <paramref name="now"/>, oldest first, tracked by the caller's context and locked until the current
    /// transaction ends. One statement: the rows come with the claim, not by a second look-up of their ids.
    /// </summary>
    Task<IReadOnlyList<FollowUp>> Claim(string municipalityCode, DateTimeOffset now, int batchSize, CancellationToken cancellationToken);

    /// <summary>
    /// One follow-up of the caller's municipality, locked until the current transaction ends: on PostgreSQL this waits
    /// for a sweep or another firing that holds the row and then reads it as they left it (fired, say), so two
    /// firings of one follow-up never both see it planned. On SQLite the transaction takes the write lock here.
    /// </summary>
    Task<FollowUp?> Lock(Guid followUpId, CancellationToken cancellationToken);

    /// <summary>The due time of the oldest planned follow-up due at or before <paramref name="now"/> in any municipality, if one waits.</summary>
    Task<DateTimeOffset?> OldestDue(DateTimeOffset now, CancellationToken cancellationToken);
}
