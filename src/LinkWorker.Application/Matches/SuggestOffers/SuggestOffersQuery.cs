using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Offers;
using LinkWorker.Application.Outcomes;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
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
            .Where(p => p.CaseId == @case.Id && p.OfferId != null && p.Status != MatchStatus.Stopped)
            .Select(p => p.OfferId!.Value).ToListAsync(cancellationToken);

        var directory = await catalogue.Load(includeArchived: false, cancellationToken);
        var origin = await catalogue.CentreOf(citizen.Address.Postcode, cancellationToken);
        return Suggest(directory, @case, citizen, referrals, origin, matched, query.Limit, DanishTime.Today(clock));
    }

    /// <summary>
    /// The offers that fit this citizen best, leaving out those the case is matched to (and not stopped); also the
    /// case page's suggestions.
    /// </summary>
    internal static IReadOnlyList<OfferMatchView> Suggest(
        DirectorySnapshot directory, Case @case, Citizen citizen, IEnumerable<Referral> referrals, GeoPoint? origin,
        IReadOnlyCollection<Guid> matched, int? limit, DateOnly today)
    {
        var received = referrals.ToList();
        int? age = citizen.DateOfBirth is { } birth ? AgeBand.AgeOn(birth, today) : null;
        var criteria = new OfferCriteria
        {
            Origin = origin,
            Age = age,
            Language = citizen.PreferredLanguage,
            InterpreterNeeded = citizen.InterpreterNeeded,
            Interests = @case.Interests,
            TargetGroups = OfferMatching.TargetGroupsFor(received.SelectMany(r => r.LifeTransitions), age, citizen.InterpreterNeeded),
            HomeDistrictId = District.Covering(directory.Districts, citizen.Address.Postcode)?.Id,
            NeedsTransport = received.Any(r => r.PracticalNeeds.Transport),
            NeedsAccessibility = received.Any(r => r.PracticalNeeds.Disability),
            LimitedDigitalAccess = received.Any(r => r.PracticalNeeds.DigitalAccess),
        };

        return directory.Rank(criteria)
            .Where(f => !matched.Contains(f.Offer.Id))
            .Take(Math.Clamp(limit ?? DefaultLimit, 1, 100))
            .Select(directory.MatchView)
            .ToList();
    }

    /// <summary>The offers a case is matched to and still pursues: not suggested again.</summary>
    internal static IReadOnlyList<Guid> Matched(IEnumerable<ParticipationView> participations) =>
        participations.Where(p => p.OfferId != null && p.Status != MatchStatus.Stopped).Select(p => p.OfferId!.Value).ToList();
}
