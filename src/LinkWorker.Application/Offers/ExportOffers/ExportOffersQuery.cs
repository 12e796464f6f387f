using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Offers;
using Mediator;

namespace LinkWorker.Application.Offers.ExportOffers;

/// <summary>
/// The municipality's directory as Open Referral HSDS 3.0 services (mapping in docs/directory-exchange.md), archived
/// offers included as "inactive". The API writes the field names in snake_case, as HSDS spells them.
/// </summary>
[Authorize(Roles.Coordinator, Roles.DirectoryAdministrator)]
public sealed record ExportOffersQuery : IRequest<IReadOnlyList<HsdsService>>;

internal sealed class ExportOffersHandler(OfferCatalogue catalogue) : IRequestHandler<ExportOffersQuery, IReadOnlyList<HsdsService>>
{
    public const string Taxonomy = "linkworker";

    // Taxonomy terms are the same for every offer: their ids derive from this fixed namespace and the term's code.
    private static readonly Guid TermNamespace = Guid.Parse("6b1f3c2e-5d7a-4e0b-9c61-2f8a4d9e7b10");

    // A taxonomy term's description (HSDS 3.0 requires one): the vocabulary and the term, "Interest: Crafts".
    private static readonly Dictionary<string, string> LinkTypeLabels = new(StringComparer.Ordinal)
    {
        ["strategy"] = "Intervention strategy",
        ["type"] = "Type of offer",
        ["mode"] = "Meets",
        ["interest"] = "Interest",
        ["target_group"] = "Target group",
        ["gender_focus"] = "Gender focus",
        ["run_by"] = "Run by",
    };

    private static readonly string[] ByDay = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    public async ValueTask<IReadOnlyList<HsdsService>> Handle(ExportOffersQuery query, CancellationToken cancellationToken)
    {
        var directory = await catalogue.Load(includeArchived: true, cancellationToken);
        return directory.Offers.Select(o => Service(o, directory.Organisers[o.OrganiserId], directory.DistrictNames)).ToList();
    }

    private static HsdsService Service(Offer o, Organiser organiser, IReadOnlyDictionary<Guid, string> districts)
    {
        Guid Id(string part) => DerivedId(o.Id, part);
        List<HsdsSchedule> Schedules(string prefix)
        {
            var sessions = o.Schedule.Select((s, i) => new HsdsSchedule(
                Id($"{prefix}schedule/{i}"), "WEEKLY", ByDay[(int)s.Day], Time(s.Opens), Time(s.Closes), o.ScheduleNote)).ToList();
            return sessions.Count > 0 || o.ScheduleNote is null ? sessions : [new HsdsSchedule(Id($"{prefix}schedule/note"), null, null, null, null, o.ScheduleNote)];
        }

        var locations = new List<HsdsServiceAtLocation>();
        if (o.MeetsInPerson || o.Street is not null || o.Postcode is not null)
        {
            var address = o.Street is null && o.Postcode is null && o.City is null
                ? []
                : new List<HsdsAddress> { new(Id("location/address"), o.Street ?? "", o.City ?? "", o.Postcode ?? "", DanishRegions.Of(o.MunicipalityCode) ?? "", "DK", "physical") };
            var accessibility = o.AccessibilityNotes is { } notes ? new List<HsdsAccessibility> { new(Id("location/accessibility"), notes) } : [];
            var location = new HsdsLocation(Id("location"), "physical", o.LocationName, o.Latitude, o.Longitude, o.TransportNotes, address, accessibility);
            locations.Add(new HsdsServiceAtLocation(Id("service_at_location"), o.Id, location.Id, location, Schedules("service_at_location/")));
        }

        var contactPhones = o.ContactPhone is { } phone ? new List<HsdsPhone> { new(Id("contact/phone"), phone) } : [];
        var organisationPhones = organiser.Phone is { } orgPhone ? new List<HsdsPhone> { new(DerivedId(organiser.Id, "phone"), orgPhone) } : [];
        return new HsdsService(
            o.Id,
            organiser.Id,
            o.Name,
            o.Description,
            o.IsArchived ? "inactive" : "active",
            new HsdsOrganization(organiser.Id, organiser.Name, $"Arrangør af fællesskaber og aktiviteter i Social Vejviser: {organiser.Name}.", organiser.Website, organiser.Email, organisationPhones),
            o.DistrictId is { } district && districts.TryGetValue(district, out var districtName) ? [new HsdsServiceArea(Id("service_area"), districtName)] : [],
            locations,
            Schedules(""),
            [new HsdsContact(Id("contact"), o.ContactName, o.ContactRole, o.ContactEmail, contactPhones)],
            o.Languages.Select(l => new HsdsLanguage(Id($"language/{l}"), l)).ToList(),
            o.Cost is { } cost ? [new HsdsCostOption(Id("cost_option"), cost, "DKK", o.CostNote)] : [],
            o.MinAge,
            o.MaxAge,
            Attributes(o).ToList(),
            Domain.Calendar.DanishTime.DateOf(o.LastVerifiedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            o.LastVerifiedAt);
    }

    private static IEnumerable<HsdsAttributeEntry> Attributes(Offer o)
    {
        IEnumerable<(string LinkType, string Code)> terms =
        [
            ("strategy", o.Strategy.ToString()),
            ("type", o.Type.ToString()),
            .. o.Modes.Select(m => ("mode", m.ToString())),
            .. o.Interests.Select(i => ("interest", i.ToString())),
            .. o.TargetGroups.Select(t => ("target_group", t.ToString())),
            ("gender_focus", o.GenderFocus.ToString()),
            ("run_by", o.RunBy.ToString()),
        ];
        foreach (var (linkType, value) in terms)
        {
            var code = $"{linkType}:{value}";
            var term = new HsdsTaxonomyTerm(DerivedId(TermNamespace, code), code, Words(value), $"{LinkTypeLabels[linkType]}: {Words(value)}", Taxonomy);
            yield return new HsdsAttributeEntry(DerivedId(o.Id, $"attribute/{code}"), o.Id, linkType, "service", term.Id, term);
        }
    }

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"PersonalSocialSupport" → "Personal social support".</summary>
    private static string Words(string name)
    {
        var words = new StringBuilder();
        foreach (var c in name)
        {
            words.Append(char.IsUpper(c) && words.Length > 0 ? " " + char.ToLowerInvariant(c) : c.ToString());
        }

        return words.ToString();
    }

    /// <summary>
    /// A stable id for a part of an offer (its location, its second session…): a name-based UUID (RFC 9562
    /// version 8, SHA-256) of the owner's id and the part's name, so every export gives the same ids.
    /// </summary>
    internal static Guid DerivedId(Guid owner, string part)
    {
        var name = Encoding.UTF8.GetBytes(part);
        var input = new byte[16 + name.Length];
        owner.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);
        var hash = SHA256.HashData(input);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
