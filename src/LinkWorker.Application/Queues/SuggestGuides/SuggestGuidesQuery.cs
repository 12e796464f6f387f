using LinkWorker.Application.Common.Access;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Queues.SuggestGuides;

/// <summary>
/// The municipality's guides for one case, best fit first, each with the facts that make it fit or not: district,
/// language, matching specialties, load, absence and who covers it. The coordinator decides; nothing is assigned.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record SuggestGuidesQuery(Guid CaseId) : IRequest<GuideSuggestions>, ICitizenDataRequest;

/// <summary>The case's district (null: the postcode is in none) and language, and the guides ranked.</summary>
public sealed record GuideSuggestions(string? DistrictName, string Language, bool InterpreterNeeded, Guid? CurrentGuideId, IReadOnlyList<GuideSuggestion> Guides);

/// <param name="CanTake">Active, present and below capacity (an absent guide's cover is named instead).</param>
public sealed record GuideSuggestion(
    Guid GuideId,
    string Name,
    bool CoversDistrict,
    bool SpeaksLanguage,
    IReadOnlyList<Specialty> MatchingSpecialties,
    int ActiveCases,
    int Capacity,
    bool IsActive,
    DateOnly? AbsentUntil,
    string? CoveredBy,
    bool CanTake);

internal sealed class SuggestGuidesHandler(IAppDbContext db, ICurrentUser user, IAuditTrail audit, TimeProvider clock)
    : IRequestHandler<SuggestGuidesQuery, GuideSuggestions>
{
    public async ValueTask<GuideSuggestions> Handle(SuggestGuidesQuery query, CancellationToken cancellationToken)
    {
        var @case = await CaseAccess.Load(db, user, audit, query.CaseId, cancellationToken);
        var citizen = await db.Citizens.AsNoTracking().SingleAsync(c => c.Id == @case.CitizenId, cancellationToken);
        var today = DanishTime.DateOf(clock.GetUtcNow());
        var district = District.Covering(await db.Districts.AsNoTracking().ToListAsync(cancellationToken), citizen.Address.Postcode);
        var language = citizen.PreferredLanguage.ToLowerInvariant();

        // The same needs routing looks at (CaseRouter): age band, seniors, disability, psychiatry.
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

        var referrals = await db.Referrals.AsNoTracking().Where(r => r.CaseId == @case.Id).ToListAsync(cancellationToken);
        if (referrals.Any(r => r.PracticalNeeds.Disability))
        {
            needs.Add(Specialty.Disability);
        }

        if (referrals.Any(r => r.Sector == Sector.Psychiatry))
        {
            needs.Add(Specialty.MentalHealth);
        }

        var guides = await db.Guides.AsNoTracking().ToListAsync(cancellationToken);
        var names = guides.ToDictionary(g => g.Id, g => g.DisplayName);
        var suggestions = guides.Select(g =>
            {
                var absence = g.AbsenceOn(today);
                return new GuideSuggestion(
                    g.Id, g.DisplayName, district is not null && g.Districts.Contains(district.Id), g.Languages.Contains(language),
                    g.Specialties.Where(needs.Contains).ToList(), g.ActiveCaseCount, g.Capacity, g.IsActive, absence?.To,
                    absence?.CoveringGuideId is { } cover ? names.GetValueOrDefault(cover) : null,
                    g.IsActive && absence is null && g.ActiveCaseCount < g.Capacity);
            })
            // Routing's order: able to take it, in the district, most matching specialties, the language, lowest load, name.
            .OrderByDescending(s => s.CanTake)
            .ThenByDescending(s => s.CoversDistrict)
            .ThenByDescending(s => s.MatchingSpecialties.Count)
            .ThenByDescending(s => language != RoutingPolicy.Danish && s.SpeaksLanguage)
            .ThenBy(s => s.ActiveCases)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.GuideId)
            .ToList();
        return new GuideSuggestions(district?.Name, language, citizen.InterpreterNeeded, @case.HoldsGuide ? @case.AssignedGuideId : null, suggestions);
    }
}
