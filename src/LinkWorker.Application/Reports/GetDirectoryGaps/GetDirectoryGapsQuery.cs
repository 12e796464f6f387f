using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Routing;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Reports.GetDirectoryGaps;

/// <summary>
/// Where demand has no offer: the period's referrals by district, age band and language, each with the offers
/// that would take such a person — in person in that district, and online or by phone. The national plan wants a
/// relevant offer in every local area, so a group without a local offer is a gap.
/// </summary>
[Authorize(Roles.Coordinator)]
public sealed record GetDirectoryGapsQuery(DateOnly? From, DateOnly? To) : IRequest<DirectoryGapsReport>, IReportPeriod, ICitizenDataRequest;

public sealed record DirectoryGapsReport(
    string MunicipalityCode,
    DateOnly From,
    DateOnly To,
    int Referrals,
    int ReferralsInGaps,
    IReadOnlyList<DemandGroup> Groups,
    IReadOnlyList<string> DistrictsWithoutLocalOffers);

/// <summary>One group of referrals and the offers that fit it; <see cref="Gap"/> when none meets in its district.</summary>
public sealed record DemandGroup(string District, string AgeBand, string Language, int Referrals, int LocalOffers, int RemoteOffers, bool Gap);

internal sealed class GetDirectoryGapsValidator : ReportPeriodValidator<GetDirectoryGapsQuery>;

internal sealed class GetDirectoryGapsHandler(IAppDbContext db, ICurrentUser user)
    : IRequestHandler<GetDirectoryGapsQuery, DirectoryGapsReport>
{
    public const string OutsideDistricts = "(outside the districts)";

    public async ValueTask<DirectoryGapsReport> Handle(GetDirectoryGapsQuery query, CancellationToken cancellationToken)
    {
        var from = query.From!.Value;
        var to = query.To!.Value;
        var start = DanishTime.EndOf(from.AddDays(-1));
        var end = DanishTime.EndOf(to.AddDays(-1));

        // Only what grouping needs: no names, no addresses beyond the postcode.
        var demand = await (
            from referral in db.Referrals.AsNoTracking()
            join citizen in db.Citizens.AsNoTracking() on referral.CitizenId equals citizen.Id
            where referral.ReceivedAt >= start && referral.ReceivedAt < end
            select new { referral.AgeBand, referral.ReceivedAt, citizen.DateOfBirth, citizen.Address.Postcode, citizen.PreferredLanguage })
            .ToListAsync(cancellationToken);
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        var offers = await db.Offers.AsNoTracking().Where(o => o.ArchivedAt == null).ToListAsync(cancellationToken);

        var groups = demand
            .GroupBy(d => (
                District: District.Covering(districts, d.Postcode),
                // Stored on the referral since it was received; computed for referrals from before that.
                AgeBand: d.AgeBand ?? AgeBand.OfReferral(d.DateOfBirth, d.ReceivedAt),
                Language: d.PreferredLanguage))
            .Select(g =>
            {
                var fitting = offers.Where(o => Admits(o, g.Key.AgeBand) && o.Speaks(g.Key.Language)).ToList();
                var local = g.Key.District is { } district ? fitting.Count(o => o.MeetsInPerson && o.DistrictId == district.Id) : 0;
                var remote = fitting.Count(o => o.Modes.Any(m => m != OfferMode.InPerson));
                return new DemandGroup(g.Key.District?.Name ?? OutsideDistricts, g.Key.AgeBand, g.Key.Language, g.Count(), local, remote, local == 0);
            })
            .OrderByDescending(g => g.Gap)
            .ThenByDescending(g => g.Referrals)
            .ThenBy(g => g.District, StringComparer.Ordinal)
            .ThenBy(g => g.AgeBand, StringComparer.Ordinal)
            .ThenBy(g => g.Language, StringComparer.Ordinal)
            .ToList();

        var withoutLocal = districts
            .Where(d => !offers.Any(o => o.MeetsInPerson && o.DistrictId == d.Id))
            .Select(d => d.Name)
            .ToList();

        return new DirectoryGapsReport(
            user.RequiredMunicipalityCode, from, to, demand.Count, groups.Where(g => g.Gap).Sum(g => g.Referrals), groups, withoutLocal);
    }

    /// <summary>An offer fits an age band when its age limits overlap the band; unknown ages fit every offer.</summary>
    private static bool Admits(Offer offer, string band) =>
        AgeBand.Bounds(band) is not { } r || ((offer.MinAge ?? 0) <= r.High && (offer.MaxAge ?? 150) >= r.Low);
}
