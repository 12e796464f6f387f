using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Application.Outcomes;

public sealed record MeasurementView(
    Guid Id, MeasurementPoint Point, DateTimeOffset MeasuredAt, int LackCompanionship, int FeelLeftOut, int FeelIsolated,
    int Total, LonelinessCategory Category, string WordingVersion)
{
    internal static MeasurementView Of(TilsMeasurement m) =>
        new(m.Id, m.Point, m.MeasuredAt, m.LackCompanionship, m.FeelLeftOut, m.FeelIsolated, m.Total, m.Category, m.WordingVersion);
}

/// <summary>A match to a community: the directory offer (or only a name), how far it has come, and attendance.</summary>
public sealed record ParticipationView(
    Guid Id, Guid? OfferId, string OfferName, MatchStatus Status, DateOnly MatchedOn, DateOnly? FirstAttendedOn, bool? StillAttendingAtThreeMonths,
    DateOnly? StoppedOn, string? StopReason, DateTimeOffset? DetailsSharedAt, int Version, HandOverMethod? HandedOverHow = null)
{
    internal static ParticipationView Of(CommunityParticipation p) =>
        new(p.Id, p.OfferId, p.OfferName, p.Status, p.MatchedOn, p.FirstAttendedOn, p.StillAttendingAtThreeMonths, p.StoppedOn, p.StopReason,
            p.DetailsSharedAt, p.Version, p.HandedOverHow);
}

public sealed record CaseOutcomes(IReadOnlyList<MeasurementView> Measurements, IReadOnlyList<ParticipationView> Participations);
