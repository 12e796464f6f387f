using LinkWorker.Domain.Common;

namespace LinkWorker.Domain.Cases;

public enum ContactChannel
{
    Phone,
    TextMessage,
    Email,
    Letter,
    HomeVisit,
}

/// <summary>One try to reach the citizen, successful or not. Kept as history; never edited.</summary>
public sealed class ContactAttempt : IMunicipalityScoped
{
    private ContactAttempt()
    {
    }

    public ContactAttempt(Guid id, string municipalityCode, Guid caseId, DateTimeOffset at, ContactChannel channel, bool succeeded, Guid recordedBy)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        At = at;
        Channel = channel;
        Succeeded = succeeded;
        RecordedBy = recordedBy;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public ContactChannel Channel { get; private set; }

    public bool Succeeded { get; private set; }

    public Guid RecordedBy { get; private set; }
}
