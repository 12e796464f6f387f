using LinkWorker.Domain.FollowUps;

namespace LinkWorker.Application.FollowUps;

public sealed record FollowUpView(
    Guid Id,
    Guid CaseId,
    DateTimeOffset DueAt,
    FollowUpKind Kind,
    string? Note,
    FollowUpStatus Status,
    DateTimeOffset? FiredAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? CancelledAt,
    string? CancellationReason,
    DateTimeOffset? EscalatedAt)
{
    internal static FollowUpView Of(FollowUp f) => new(
        f.Id, f.CaseId, f.DueAt, f.Kind, f.Note, f.Status, f.FiredAt, f.CompletedAt, f.CancelledAt, f.CancellationReason, f.EscalatedAt);
}
