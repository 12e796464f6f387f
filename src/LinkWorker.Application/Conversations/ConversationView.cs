using LinkWorker.Domain.Common;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Conversations;

public sealed record ConversationView(
    Guid Id,
    ConversationMode Mode,
    DateTimeOffset OccurredAt,
    int DurationMinutes,
    string Summary,
    IReadOnlyList<LifeArena> Topics,
    string? CitizensView,
    string? AgreedNextSteps,
    Guid RecordedBy,
    DateTimeOffset RecordedAt,
    IReadOnlyList<AmendmentView> Amendments,
    int Version);

public sealed record AmendmentView(string Field, string? OldValue, string? NewValue, string Reason, Guid AmendedBy, DateTimeOffset AmendedAt);

/// <summary>A conversation as the guide writes it (log and correction).</summary>
public sealed record ConversationInput(
    ConversationMode? Mode,
    DateTimeOffset? OccurredAt,
    int? DurationMinutes,
    string? Summary,
    IReadOnlyList<LifeArena>? Topics,
    string? CitizensView,
    string? AgreedNextSteps)
{
    internal ConversationContent ToContent() => new(
        Mode!.Value, Instant.Normalize(OccurredAt!.Value), DurationMinutes!.Value, Summary!.Trim(), Topics ?? [], CitizensView?.Trim(), AgreedNextSteps?.Trim());
}

internal static class ConversationViews
{
    public static ConversationView Of(Conversation c, IEnumerable<ConversationAmendment> amendments) => new(
        c.Id, c.Mode, c.OccurredAt, c.DurationMinutes, c.Summary, c.Topics, c.CitizensView, c.AgreedNextSteps, c.RecordedBy, c.RecordedAt,
        amendments.Where(a => a.ConversationId == c.Id).OrderBy(a => a.AmendedAt)
            .Select(a => new AmendmentView(a.Field, a.OldValue, a.NewValue, a.Reason, a.AmendedBy, a.AmendedAt)).ToList(),
        c.Version);
}
