using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Common;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Outcomes.RecordMeasurement;

/// <summary>The case's guide records a T-ILS measurement — only under an active outcome consent.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordMeasurementCommand(
    MeasurementPoint? Point, DateTimeOffset? MeasuredAt, int? LackCompanionship, int? FeelLeftOut, int? FeelIsolated)
    : IRequest<MeasurementView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class RecordMeasurementValidator : AbstractValidator<RecordMeasurementCommand>
{
    private const string Scale = "Answer 1 (hardly ever), 2 (some of the time) or 3 (often).";

    public RecordMeasurementValidator(TimeProvider clock)
    {
        RuleFor(c => c.Point).NotNull().WithMessage("Say whether this is the Baseline, a FollowUp or the Closure measurement.").IsInEnum();
        RuleFor(c => c.MeasuredAt).Must(at => at is null || at <= clock.GetUtcNow().AddMinutes(5)).WithMessage("A measurement cannot be in the future.");
        RuleFor(c => c.LackCompanionship).NotNull().InclusiveBetween(1, 3).WithMessage(Scale);
        RuleFor(c => c.FeelLeftOut).NotNull().InclusiveBetween(1, 3).WithMessage(Scale);
        RuleFor(c => c.FeelIsolated).NotNull().InclusiveBetween(1, 3).WithMessage(Scale);
    }
}

internal sealed class RecordMeasurementHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<RecordMeasurementCommand, MeasurementView>
{
    public async ValueTask<MeasurementView> Handle(RecordMeasurementCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        await consents.Require(@case.Id, ConsentScope.MeasureOutcomes, "record loneliness measurements", cancellationToken);
        var municipality = await db.Municipalities.AsNoTracking().SingleAsync(m => m.Code == @case.MunicipalityCode, cancellationToken);
        var now = clock.GetUtcNow();
        var measurement = new TilsMeasurement(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, command.Point!.Value, Instant.Normalize(command.MeasuredAt ?? now),
            command.LackCompanionship!.Value, command.FeelLeftOut!.Value, command.FeelIsolated!.Value, municipality.TilsCutoffs, user.RequiredUserId);
        db.TilsMeasurements.Add(measurement);
        audit.Record(nameof(TilsMeasurement), measurement.Id);
        return MeasurementView.Of(measurement);
    }
}
