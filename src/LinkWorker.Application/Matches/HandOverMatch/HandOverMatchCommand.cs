using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Outcomes;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Matches.HandOverMatch;

/// <summary>
/// Hand-over to the offer's contact person: the guide passes on the citizen's name and how to reach them. Only
/// under an active partner-sharing consent; the hand-over is recorded on the match and in the audit trail.
/// </summary>
[Authorize(Roles.Guide)]
public sealed record HandOverMatchCommand : IRequest<HandOverView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }

    [JsonIgnore]
    public Guid MatchId { get; init; }
}

/// <summary>What goes to the contact person, and who that is.</summary>
public sealed record HandOverView(ParticipationView Match, string OfferName, OfferContact Contact, SharedCitizenDetails Citizen);

public sealed record SharedCitizenDetails(string Name, string? Phone, string? Email, string PreferredLanguage, bool InterpreterNeeded);

internal sealed class HandOverMatchHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, ConsentGate consents, TimeProvider clock)
    : IRequestHandler<HandOverMatchCommand, HandOverView>
{
    public async ValueTask<HandOverView> Handle(HandOverMatchCommand command, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, command.CaseId, cancellationToken);
        var match = await ParticipationAccess.Load(db, @case.Id, command.MatchId, version: null, cancellationToken);
        if (match.OfferId is not { } offerId)
        {
            throw new ConflictException("This match is not to a directory offer, so there is no contact person to hand over to.");
        }

        await consents.Require(@case.Id, ConsentScope.ShareWithPartner, "hand the citizen's details to the organiser", cancellationToken);
        var offer = await db.Offers.AsNoTracking().SingleAsync(o => o.Id == offerId, cancellationToken);
        var citizen = await db.Citizens.AsNoTracking().SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
        match.ShareDetails(clock.GetUtcNow());
        audit.Record(nameof(CommunityParticipation), match.Id);
        audit.Record("Citizen", citizen.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new HandOverView(
            ParticipationView.Of(match), offer.Name, offer.Contact,
            new SharedCitizenDetails(citizen.Name, citizen.Phone, citizen.Email, citizen.PreferredLanguage, citizen.InterpreterNeeded));
    }
}
