using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Offers;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Matches.SuggestOffers;

/// <summary>
/// Offers for this citizen, best fit first: their own interests, age, language, where they live and what they need
/// to take part. Offers the case is already matched to (and not stopped) are left out.
/// </summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record SuggestOffersQuery(Guid CaseId, int? Limit) : IRequest<IReadOnlyList<OfferMatchView>>, ICitizenDataRequest;

internal sealed class SuggestOffersHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, OfferCatalogue catalogue, TimeProvider clock)
    : IRequestHandler<SuggestOffersQuery, IReadOnlyList<OfferMatchView>>
{
    private const int DefaultLimit = 10;

    public async ValueTask<IReadOnlyList<OfferMatchView>> Handle(SuggestOffersQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var citizen = await db.Citizens.AsNoTracking().SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
        audit.Record("Citizen", citizen.Id);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CaseId == @case.Id).ToListAsync(cancellationToken);
        var matched = await db.CommunityParticipations.AsNoTracking()
            .Where(p => p.CaseId == @case.Id && p.OfferId != null && p.Status != Domain.Outcomes.MatchStatus.Stopped)
            .Select(p => p.OfferId!.Value).ToListAsync(cancellationToken);

        int? age = citizen.DateOfBirth is { } birth ? AgeBand.AgeOn(birth, DanishTime.Today(clock)) : null;
        var directory = await catalogue.Load(includeArchived: false, cancellationToken);
        var criteria = new OfferCriteria
        {
            Origin = await catalogue.CentreOf(citizen.Address.Postcode, cancellationToken),
            Age = age,
            Language = citizen.PreferredLanguage,
            InterpreterNeeded = citizen.InterpreterNeeded,
            Interests = @case.Interests,
            TargetGroups = OfferMatching.TargetGroupsFor(referrals.SelectMany(r => r.LifeTransitions), age, citizen.InterpreterNeeded),
            HomeDistrictId = District.Covering(directory.Districts, citizen.Address.Postcode)?.Id,
            NeedsTransport = referrals.Any(r => r.PracticalNeeds.Transport),
            NeedsAccessibility = referrals.Any(r => r.PracticalNeeds.Disability),
            LimitedDigitalAccess = referrals.Any(r => r.PracticalNeeds.DigitalAccess),
        };

        return directory.Rank(criteria)
            .Where(f => !matched.Contains(f.Offer.Id))
            .Take(Math.Clamp(query.Limit ?? DefaultLimit, 1, 100))
            .Select(directory.MatchView)
            .ToList();
    }
}
