namespace LinkWorker.Application.Common.Interfaces;

/// <summary>A guide's visits to their queue (<c>QueueVisit</c>), moved on in one statement.</summary>
public interface IQueueVisits
{
    /// <summary>
    /// Records a visit at <paramref name="at"/> on the caller's row, in the request's transaction: the last visit
    /// becomes the previous one. Returns whether the row existed and, if so, the visit before this one (the last
    /// visit until now). Nothing is written when there is no row yet. One round trip (UPDATE … RETURNING), where
    /// reading the row and then updating it took two (issue 18).
    /// </summary>
    Task<(bool Found, DateTimeOffset? LastVisitAt)> Visit(Guid userId, string municipalityCode, DateTimeOffset at, CancellationToken cancellationToken);
}
