using LinkWorker.Application.Common.Events;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.ReferenceData;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Common.Routing;

/// <summary>
/// Puts a case with a guide, or in triage, by the routing policy, and stores the decision with its reasons. The
/// assignment's event takes the guide's place at once (<see cref="GuideLoadFollowsCases"/>); when another request
/// took the last place first, the assignment is withdrawn and the router decides again.
/// </summary>
internal sealed class CaseRouter(IAppDbContext db, DomainEventDispatcher events, TimeProvider clock, ReferenceDataCache referenceData)
{
    /// <param name="selfReferralGuideId">The guide who registered the citizen's own call; they keep it when they have room.</param>
    public async Task<RoutingDecision> Route(Case @case, Citizen citizen, CancellationToken cancellationToken, Guid? selfReferralGuideId = null)
    {
        var now = clock.GetUtcNow();
        var today = DanishTime.DateOf(now);
        var districts = await referenceData.DistrictsOf(db, @case.MunicipalityCode, cancellationToken);
        var district = District.Covering(districts, citizen.Address.Postcode);
        var request = new RoutingCitizen(
            citizen.Address.Postcode, district?.Id, district?.Name, citizen.PreferredLanguage, citizen.InterpreterNeeded,
            await NeedsOf(@case, citizen, today, cancellationToken), @case.PreviousGuideId, selfReferralGuideId);

        var guides = (await db.Guides.AsNoTracking().ToListAsync(cancellationToken))
            .Select(g => new GuideCandidate(
                g.Id, g.DisplayName, g.Capacity, g.ActiveCaseCount, g.Districts, g.Languages, g.Specialties, g.IsActive, g.AbsenceOn(today)))
            .ToList();

        while (true)
        {
            var outcome = RoutingPolicy.Decide(request, guides);
            if (outcome.GuideId is not { } guideId)
            {
                return Record(@case, outcome, now);
            }

            @case.AssignTo(guideId, now);
            try
            {
                await events.DispatchNow(@case, cancellationToken);
                return Record(@case, outcome, now);
            }
            catch (NoFreePlaceException)
            {
                @case.WithdrawAssignment(guideId, now);
            }

            // Someone else took the last place meanwhile: this guide is full now.
            guides = guides.Select(g => g.Id == guideId ? g with { ActiveCases = g.Capacity } : g).ToList();
        }
    }

    private RoutingDecision Record(Case @case, RoutingOutcome outcome, DateTimeOffset now)
    {
        var decision = new RoutingDecision(
            Guid.CreateVersion7(now), @case.MunicipalityCode, @case.Id, now, RoutingKind.Automatic, outcome.GuideId, outcome.Reasons, null);
        db.RoutingDecisions.Add(decision);
        return decision;
    }

    // What a guide's specialties can meet: the age band, seniors, and needs the referrals name.
    private async Task<IReadOnlySet<Specialty>> NeedsOf(Case @case, Citizen citizen, DateOnly today, CancellationToken cancellationToken)
    {
        var needs = new HashSet<Specialty>();
        if (citizen.DateOfBirth is { } birth)
        {
            if (AgeBand.SpecialtyOf(birth, today) is { } band)
            {
                needs.Add(band);
            }

            if (AgeBand.AgeOn(birth, today) >= 65)
            {
                needs.Add(Specialty.Seniors);
            }
        }

        // A case opened by this request has only the referrals in memory: no query for rows that cannot exist.
        var isNew = db.ChangeTracker.WithoutDetectingChanges<Case>().Exists(e => e.Entity == @case && e.State == EntityState.Added);
        var referrals = db.ChangeTracker.WithoutDetectingChanges<Referral>()
            .Where(e => e.State != EntityState.Deleted && e.Entity.CaseId == @case.Id)
            .Select(e => e.Entity)
            .Concat(isNew ? [] : await db.Referrals.AsNoTracking().Where(r => r.CaseId == @case.Id).ToListAsync(cancellationToken));
        foreach (var referral in referrals)
        {
            if (referral.PracticalNeeds.Disability)
            {
                needs.Add(Specialty.Disability);
            }

            if (referral.Sector == Sector.Psychiatry)
            {
                needs.Add(Specialty.MentalHealth);
            }
        }

        return needs;
    }
}
