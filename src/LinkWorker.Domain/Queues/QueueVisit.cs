using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Queues;

/// <summary>
/// When a guide last looked at their queue, and the visit before that: a case that reached them after the earlier
/// of the two is "new" on the page being shown. Kept per person, on the server, so it follows them between devices.
/// </summary>
public sealed class QueueVisit : IMunicipalityScoped
{
    private QueueVisit()
    {
    }

    public QueueVisit(Guid userId, string municipalityCode)
    {
        UserId = userId;
        MunicipalityCode = municipalityCode;
    }

    /// <summary>The staff account's id.</summary>
    public Guid UserId { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    /// <summary>The latest visit (the one being shown now, once recorded); null before the first.</summary>
    public DateTimeOffset? LastVisitAt { get; private set; }

    /// <summary>The visit before the latest: what the latest one compares against.</summary>
    public DateTimeOffset? PreviousVisitAt { get; private set; }

    /// <summary>A new visit: the latest becomes the previous, so the page now shown still marks what arrived since.</summary>
    public void Visit(DateTimeOffset at)
    {
        PreviousVisitAt = LastVisitAt;
        LastVisitAt = Instant.Normalize(at);
    }
}
