using System.Globalization;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Guides;
using LinkWorker.Domain.Offers;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Offers;

/// <summary>
/// The municipality's directory as the use cases need it. A directory holds hundreds of offers, not millions, so
/// search and matching load it whole and rank in memory: the same explainable rules on both databases.
/// </summary>
internal sealed class OfferCatalogue(IAppDbContext db, ICurrentUser user, IUserDirectory users, TimeProvider clock)
{
    public async Task<DirectorySnapshot> Load(bool includeArchived, CancellationToken cancellationToken) =>
        await Load(includeArchived, await Districts(cancellationToken), await StaleAfterMonths(cancellationToken), cancellationToken);

    /// <summary>The directory, given the districts and the staleness rule (the case page reads them with the case).</summary>
    public async Task<DirectorySnapshot> Load(
        bool includeArchived, IReadOnlyList<Domain.Districts.District> districts, int staleAfterMonths, CancellationToken cancellationToken)
    {
        // Each offer with its organiser: one round trip.
        var rows = await (
                from offer in db.Offers.AsNoTracking()
                where includeArchived || offer.ArchivedAt == null
                join organiser in db.Organisers.AsNoTracking() on offer.OrganiserId equals organiser.Id
                orderby offer.Name, offer.Id
                select new { Offer = offer, Organiser = organiser })
            .ToListAsync(cancellationToken);
        var organisers = new Dictionary<Guid, Organiser>();
        foreach (var row in rows)
        {
            organisers.TryAdd(row.Organiser.Id, row.Organiser);
        }

        return new DirectorySnapshot(rows.Select(r => r.Offer).ToList(), organisers, districts, staleAfterMonths, clock.GetUtcNow());
    }

    public async Task<OfferView> ViewOf(Offer offer, CancellationToken cancellationToken)
    {
        var organiser = await db.Organisers.AsNoTracking().SingleAsync(o => o.Id == offer.OrganiserId, cancellationToken);
        var snapshot = new DirectorySnapshot(
            [offer], new Dictionary<Guid, Organiser> { [organiser.Id] = organiser }, await Districts(cancellationToken),
            await StaleAfterMonths(cancellationToken), clock.GetUtcNow());
        return snapshot.View(offer);
    }

    public async Task<Offer> Find(Guid offerId, CancellationToken cancellationToken) =>
        await db.Offers.SingleOrDefaultAsync(o => o.Id == offerId, cancellationToken) ?? throw new NotFoundException(nameof(Offer));

    public async Task<Verification> VerificationNow(CancellationToken cancellationToken) =>
        new(clock.GetUtcNow(), user.RequiredUserId, await users.DisplayNameOf(user.RequiredUserId, cancellationToken) ?? "?");

    /// <summary>
    /// Turns a validated input into offer details, checking what only the database knows. The district is the one
    /// given or else the one whose postcodes hold the offer's postcode.
    /// </summary>
    public static OfferDetails ToDetails(OfferInput input, IReadOnlyList<Domain.Districts.District> districts, Action<string, string> error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(districts);
        ArgumentNullException.ThrowIfNull(error);
        var location = input.Location is { } l
            ? new OfferLocation(Trim(l.Name), Trim(l.Street), Trim(l.Postcode), Trim(l.City), l.Latitude, l.Longitude)
            : new OfferLocation(null, null, null, null, null, null);
        var districtId = input.DistrictId;
        if (districtId is { } id && districts.All(d => d.Id != id))
        {
            error("districtId", "Choose one of this municipality's districts.");
        }
        else if (districtId is null && location.Postcode is { } postcode)
        {
            districtId = Domain.Districts.District.Covering(districts, postcode)?.Id;
        }

        var contact = input.Contact!;
        return new OfferDetails(
            Trim(input.ExternalId), input.Name!.Trim(), input.Description?.Trim() ?? "", input.Strategy!.Value, input.Type!.Value,
            input.MinAge, input.MaxAge, input.TargetGroups ?? [], input.GenderFocus ?? GenderFocus.Everyone, input.Languages ?? ["da"],
            input.RunBy ?? OfferRunBy.Volunteers, input.Modes!, input.Interests ?? [], location, districtId,
            (input.Schedule ?? []).Select(s => new OfferSession(s.Day!.Value, ParseTime(s.Opens!), ParseTime(s.Closes!))).ToList(),
            Trim(input.ScheduleNote), input.Cost, Trim(input.CostNote), Trim(input.AccessibilityNotes), Trim(input.TransportNotes),
            new OfferContact(contact.Name!.Trim(), Trim(contact.Role), Trim(contact.Phone), Trim(contact.Email)));
    }

    public static Task<bool> ExternalIdTaken(IAppDbContext db, string externalId, Guid? except, CancellationToken cancellationToken) =>
        db.Offers.AnyAsync(o => o.ExternalId == externalId && o.Id != except, cancellationToken);

    /// <summary>The centre of a postcode's area, or null for a postcode the reference table does not know.</summary>
    public async Task<GeoPoint?> CentreOf(string postcode, CancellationToken cancellationToken) =>
        await db.PostcodeAreas.AsNoTracking().Where(p => p.Code == postcode)
            .Select(p => (GeoPoint?)new GeoPoint(p.Latitude, p.Longitude)).SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Domain.Districts.District>> Districts(CancellationToken cancellationToken) =>
        await db.Districts.AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>The organiser of that name, made when new; given contact details replace the stored ones.</summary>
    public async Task<Organiser> Organiser(OrganiserInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Name!.Trim();
        var organiser = db.Organisers.Local.FirstOrDefault(o => o.Name == name)
            ?? await db.Organisers.SingleOrDefaultAsync(o => o.Name == name, cancellationToken);
        if (organiser is null)
        {
            organiser = new Organiser(Guid.CreateVersion7(clock.GetUtcNow()), user.RequiredMunicipalityCode, name);
            db.Organisers.Add(organiser);
        }

        organiser.Describe(Trim(input.Website), Trim(input.Email), Trim(input.Phone));
        return organiser;
    }

    public async Task<int> StaleAfterMonths(CancellationToken cancellationToken) =>
        await db.Municipalities.AsNoTracking().Where(m => m.Code == user.RequiredMunicipalityCode)
            .Select(m => m.OfferStaleAfterMonths).SingleAsync(cancellationToken);

    public static TimeOnly ParseTime(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);

    private static string? Trim(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The directory at one moment: offers, their organisers, the districts, and the staleness rule.</summary>
internal sealed record DirectorySnapshot(
    IReadOnlyList<Offer> Offers,
    IReadOnlyDictionary<Guid, Organiser> Organisers,
    IReadOnlyList<Domain.Districts.District> Districts,
    int StaleAfterMonths,
    DateTimeOffset Now)
{
    public IReadOnlyDictionary<Guid, string> DistrictNames { get; } = Districts.ToDictionary(d => d.Id, d => d.Name);

    public IReadOnlyList<OfferFit> Rank(OfferCriteria criteria) => OfferMatching.Rank(Offers, criteria, DistrictNames, Now, StaleAfterMonths);

    public OfferMatchView MatchView(OfferFit fit) =>
        new(View(fit.Offer), fit.Score, fit.DistanceKm, [.. fit.Reasons.Select(r => r.Text)]) { Why = fit.Reasons };

    public OfferView View(Offer o)
    {
        var organiser = Organisers[o.OrganiserId];
        return new OfferView(
            o.Id, o.ExternalId, o.Name, o.Description,
            new OrganiserView(organiser.Id, organiser.Name, organiser.Website, organiser.Email, organiser.Phone),
            o.Strategy, o.Type, o.MinAge, o.MaxAge, o.TargetGroups, o.GenderFocus, o.Languages, o.RunBy, o.Modes, o.Interests,
            o.Location, o.DistrictId is { } d ? new DistrictRef(d, DistrictNames.GetValueOrDefault(d, "?")) : null,
            o.Schedule.Select(s => new SessionView(s.Day, s.Opens.ToString("HH:mm", CultureInfo.InvariantCulture), s.Closes.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList(),
            o.ScheduleNote, o.Cost, o.CostNote, o.AccessibilityNotes, o.TransportNotes, o.Contact, o.LastVerifiedAt, o.VerifiedByName,
            o.IsStale(Now, StaleAfterMonths), o.IsArchived, o.Version);
    }
}
