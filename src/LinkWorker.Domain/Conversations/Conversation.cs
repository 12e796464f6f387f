using LinkWorker.Domain.Common;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Domain.Conversations;

public enum ConversationMode
{
    Phone,
    HomeVisit,
    Meeting,
    Video,

    /// <summary>Going along to an activity (følgeskab).</summary>
    Accompaniment,
    PopUpVisit,
}

/// <summary>What a conversation records; also the shape of a correction.</summary>
public sealed record ConversationContent(
    ConversationMode Mode,
    DateTimeOffset OccurredAt,
    int DurationMinutes,
    string Summary,
    IReadOnlyList<LifeArena> Topics,
    string? CitizensView,
    string? AgreedNextSteps);

/// <summary>
/// A logged conversation with the citizen. Special-category data: stored only under an active notes consent,
/// corrected only by amendments that keep what was there before.
/// </summary>
public sealed class Conversation : IMunicipalityScoped, IVersioned
{
    private Conversation()
    {
    }

    public Conversation(Guid id, string municipalityCode, Guid caseId, ConversationContent content, Guid recordedBy, DateTimeOffset recordedAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        CaseId = caseId;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
        Set(content);
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid CaseId { get; private set; }

    public ConversationMode Mode { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    public int DurationMinutes { get; private set; }

    public string Summary { get; private set; } = "";

    public IReadOnlyList<LifeArena> Topics { get; private set; } = [];

    /// <summary>The citizen's own view of their situation and wishes.</summary>
    public string? CitizensView { get; private set; }

    public string? AgreedNextSteps { get; private set; }

    public Guid RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    public int Version { get; set; }

    public ConversationContent Content => new(Mode, OccurredAt, DurationMinutes, Summary, Topics, CitizensView, AgreedNextSteps);

    /// <summary>Applies a correction and returns one amendment per changed field, each keeping the old value.</summary>
    public IReadOnlyList<ConversationAmendment> Amend(ConversationContent corrected, string reason, Guid by, DateTimeOffset at)
    {
        var before = Content;
        var changes = new List<(string Field, string? Old, string? New)>();
        void Compare(string field, string? old, string? @new)
        {
            if (!string.Equals(old, @new, StringComparison.Ordinal))
            {
                changes.Add((field, old, @new));
            }
        }

        Compare("mode", before.Mode.ToString(), corrected.Mode.ToString());
        Compare("occurredAt", before.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), corrected.OccurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Compare("durationMinutes", before.DurationMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture), corrected.DurationMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Compare("summary", before.Summary, corrected.Summary);
        Compare("topics", string.Join(',', before.Topics), string.Join(',', corrected.Topics.Distinct()));
        Compare("citizensView", before.CitizensView, corrected.CitizensView);
        Compare("agreedNextSteps", before.AgreedNextSteps, corrected.AgreedNextSteps);
        if (changes.Count == 0)
        {
            throw new DomainRuleException("The correction changes nothing.");
        }

        Set(corrected);
        return changes.Select(c => new ConversationAmendment(Guid.CreateVersion7(at), MunicipalityCode, Id, c.Field, c.Old, c.New, reason, by, at)).ToList();
    }

    /// <summary>Retention or erasure: the notes go; mode, time, duration and topics stay.</summary>
    public void ErasePersonalData()
    {
        Summary = "";
        CitizensView = null;
        AgreedNextSteps = null;
    }

    private void Set(ConversationContent content)
    {
        if (content.DurationMinutes is < 0 or > 24 * 60)
        {
            throw new DomainRuleException("A conversation lasts 0 to 1440 minutes.");
        }

        Mode = content.Mode;
        OccurredAt = content.OccurredAt;
        DurationMinutes = content.DurationMinutes;
        Summary = content.Summary;
        Topics = [.. content.Topics.Distinct()];
        CitizensView = content.CitizensView;
        AgreedNextSteps = content.AgreedNextSteps;
    }
}

/// <summary>One corrected field of a conversation: who changed what from what, when and why. Never edited.</summary>
public sealed class ConversationAmendment : IMunicipalityScoped
{
    private ConversationAmendment()
    {
    }

    public ConversationAmendment(
        Guid id, string municipalityCode, Guid conversationId, string field, string? oldValue, string? newValue, string reason, Guid amendedBy, DateTimeOffset amendedAt)
    {
        Id = id;
        MunicipalityCode = municipalityCode;
        ConversationId = conversationId;
        Field = field;
        OldValue = oldValue;
        NewValue = newValue;
        Reason = reason;
        AmendedBy = amendedBy;
        AmendedAt = amendedAt;
    }

    public Guid Id { get; private set; }

    public string MunicipalityCode { get; private set; } = "";

    public Guid ConversationId { get; private set; }

    public string Field { get; private set; } = "";

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    public string Reason { get; private set; } = "";

    public Guid AmendedBy { get; private set; }

    public DateTimeOffset AmendedAt { get; private set; }

    /// <summary>Retention or erasure: the values and the reason go; which field changed, by whom and when stay.</summary>
    public void ErasePersonalData()
    {
        OldValue = null;
        NewValue = null;
        Reason = "";
    }
}
