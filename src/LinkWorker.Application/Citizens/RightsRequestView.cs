using LinkWorker.Domain.Citizens;

namespace LinkWorker.Application.Citizens;

/// <summary>An erasure or restriction request and its decision.</summary>
public sealed record RightsRequestView(
    Guid Id, Guid CitizenId, RightsRequestKind Kind, string Reason, Guid RequestedBy, DateTimeOffset RequestedAt,
    RightsRequestStatus Status, Guid? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote)
{
    internal static RightsRequestView Of(RightsRequest r) =>
        new(r.Id, r.CitizenId, r.Kind, r.Reason, r.RequestedBy, r.RequestedAt, r.Status, r.DecidedBy, r.DecidedAt, r.DecisionNote);
}

/// <summary>One corrected field: the earlier value is kept (GDPR art. 16).</summary>
public sealed record RectificationView(string Field, string? OldValue, string? NewValue, string Reason, Guid RectifiedBy, DateTimeOffset RectifiedAt)
{
    internal static RectificationView Of(CitizenRectification r) => new(r.Field, r.OldValue, r.NewValue, r.Reason, r.RectifiedBy, r.RectifiedAt);
}
