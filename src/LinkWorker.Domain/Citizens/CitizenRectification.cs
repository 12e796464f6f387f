using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Citizens;

/// <summary>
/// One corrected field of a citizen (GDPR art. 16): who changed what from what, when and why. Never edited; the
/// right of access shows it, and erasure deletes it with the rest of the person's data.
/// </summary>
public sealed class CitizenRectification : IMunicipalityScoped
{
    private CitizenRectification()
    {
    }

    public CitizenRectification(
        Guid id, string municipalityCode, Guid citizenId, string field, string? oldValue, string? newValue, string reason, Guid rectifiedBy, DateTimeOffset rectifiedAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CitizenId = citizenId;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
        Reason = reason;
        RectifiedBy = rectifiedBy;
        RectifiedAt = rectifiedAt;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CitizenId { get; private set; }

    public string Field { get; private set; } = "";

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid RectifiedBy { get; private set; }

    public DateTimeOffset RectifiedAt { get; private set; }
}
