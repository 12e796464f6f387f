using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Matches.AdvanceMatch;

/// <summary>
/// The match moves on: organiser contacted, went along, attending, stopped (with a reason). The day defaults to
/// today; going along sets the first attendance that the outcome report counts.
/// </summary>
[Authorize(Roles.Guide)]
public sealed record AdvanceMatchCommand(MatchStatus? Status, DateOnly? On, string? StopReason, int? Version) : IRequest<ParticipationView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }

    [JsonIgnore]
    public Guid MatchId { get; init; }
}

internal sealed class AdvanceMatchValidator : AbstractValidator<AdvanceMatchCommand>
{
    public AdvanceMatchValidator()
    {
        RuleFor(c => c.Status).NotNull().WithMessage("Say how far the match has come.").IsInEnum();
        RuleFor(c => c.StopReason).NotEmpty().When(c => c.Status == MatchStatus.Stopped).WithMessage("Say why the citizen stopped.").MaximumLength(500);
        RuleFor(c => c.Version).NotNull().WithMessage("Send the version you read.");
    }
}

internal sealed class AdvanceMatchHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<AdvanceMatchCommand, ParticipationView>
{
    public async ValueTask<ParticipationView> Handle(AdvanceMatchCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var match = await ParticipationAccess.Load(db, @case.Id, command.MatchId, command.Version, cancellationToken);

        match.Advance(command.Status!.Value, command.On ?? DanishTime.Today(clock), command.StopReason?.Trim());
        audit.Record(nameof(CommunityParticipation), match.Id);
        await db.SaveChangesAsync(cancellationToken);
        return ParticipationView.Of(match);
    }
}
