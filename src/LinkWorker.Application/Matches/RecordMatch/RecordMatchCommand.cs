using System.Text.Json.Serialization;
using FluentValidation;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Matches.RecordMatch;

/// <summary>The guide matches the citizen to a directory offer; it starts as suggested.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordMatchCommand(Guid? OfferId) : IRequest<ParticipationView>, ICitizenDataRequest, IIdempotentRequest
{
    /// <summary>From the Idempotency-Key header (the web form's hidden key), never from the body.</summary>
    [JsonIgnore]
    public string? IdempotencyKey { get; init; }

    [JsonIgnore]
    public Guid CaseId { get; init; }
}

internal sealed class RecordMatchValidator : AbstractValidator<RecordMatchCommand>
{
    public RecordMatchValidator() => RuleFor(c => c.OfferId).NotNull().WithMessage("Choose the offer.");
}

internal sealed class RecordMatchHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<RecordMatchCommand, ParticipationView>
{
    public async ValueTask<ParticipationView> Handle(RecordMatchCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        await ProcessingRestriction.Require(db, @case.Id, cancellationToken);
        var offer = await db.Offers.AsNoTracking().SingleOrDefaultAsync(o => o.Id == command.OfferId, cancellationToken);
        if (offer is null || offer.IsArchived)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["offerId"] = ["Choose an offer that is in this municipality's directory and still runs."],
            });
        }

        if (await db.CommunityParticipations.AnyAsync(p => p.CaseId == @case.Id && p.OfferId == offer.Id && p.Status != MatchStatus.Stopped, cancellationToken))
        {
            throw new ConflictException("The citizen is already matched to this offer.");
        }

        var match = new CommunityParticipation(
            Guid.CreateVersion7(clock.GetUtcNow()), @case.MunicipalityCode, @case.Id, offer.Name, DanishTime.Today(clock), offer.Id);
        db.CommunityParticipations.Add(match);
        audit.Record(nameof(CommunityParticipation), match.Id);
        await db.SaveChangesAsync(cancellationToken);
        return ParticipationView.Of(match);
    }
}
