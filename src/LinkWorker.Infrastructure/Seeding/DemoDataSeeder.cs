using LinkWorker.Application.Cases.RecordInterests;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Conversations.LogConversation;
using LinkWorker.Application.Matches.RecordMatch;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.Districts;
using LinkWorker.Domain.Guides;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Offers;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Persistence;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LinkWorker.Infrastructure.Seeding;

/// <summary>
/// Demo data for Aarhus (0751, a large city with districts) and Odsherred (0306, rural): organisations of each
/// sector, a coordinator, guides, referrers and a few referrals. Runs only in demo mode; safe to run again.
/// </summary>
public sealed class DemoDataSeeder(
    LinkWorkerDbContext db,
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<DemoOptions> options,
    IServiceScopeFactory scopes,
    TimeProvider clock)
{
    public static readonly IReadOnlyList<DemoMunicipality> Municipalities =
    [
        new("0751", "Aarhus", "aarhus",
        [
            new("Midtbyen", ["8000"]),
            new("Nord", ["8200", "8240", "8250", "8380", "8520", "8530", "8541"]),
            new("Vest", ["8210", "8220", "8230", "8381", "8462", "8471"]),
            new("Syd", ["8260", "8270", "8310", "8320", "8330", "8340", "8355", "8361"]),
        ],
        [
            new("Lægerne i Trøjborg", Sector.GeneralPractice),
            new("Hjemmeplejen Aarhus Vest", Sector.HomeCare),
            new("Jobcenter Aarhus", Sector.JobCentre),
            new("Forebyggende hjemmebesøg Aarhus", Sector.PreventiveHomeVisits),
            new("Aarhus Universitetshospital, udskrivning", Sector.Hospital),
            new("Socialpsykiatrien Aarhus", Sector.Psychiatry),
            new("Bostøtten Gellerup", Sector.HousingSupport),
            new("Ungdommens Uddannelsesvejledning Aarhus", Sector.SchoolAndEducation),
            new("Frivilligcenter Aarhus", Sector.VolunteerCentre),
        ]),
        new("0306", "Odsherred", "odsherred",
        [
            new("Nykøbing, Rørvig og Højby", ["4500", "4573", "4581", "4583"]),
            new("Vig, Grevinge og Asnæs", ["4550", "4560", "4571", "4572"]),
            new("Hørve, Fårevejle og Svinninge", ["4520", "4534", "4540"]),
        ],
        [
            new("Lægehuset Nykøbing Sjælland", Sector.GeneralPractice),
            new("Hjemmeplejen Odsherred", Sector.HomeCare),
            new("Jobcenter Odsherred", Sector.JobCentre),
            new("Forebyggende hjemmebesøg Odsherred", Sector.PreventiveHomeVisits),
            new("Holbæk Sygehus, udskrivning", Sector.Hospital),
            new("Psykiatrien Nykøbing Sjælland", Sector.Psychiatry),
            new("Bostøtten Odsherred", Sector.HousingSupport),
            new("PPR Odsherred", Sector.SchoolAndEducation),
            new("Frivilligcenter Odsherred", Sector.VolunteerCentre),
        ]),
    ];

    /// <summary>The demo logins: user name, role, display name, municipality code.</summary>
    public static IEnumerable<DemoAccount> Accounts =>
        Municipalities.SelectMany(m => new DemoAccount[]
        {
            new($"coordinator.{m.Slug}", Roles.Coordinator, $"Koordinator {m.Name}", m.Code, null),
            new($"admin.{m.Slug}", Roles.Administrator, $"IT-administrator {m.Name}", m.Code, null),
            new($"directory.{m.Slug}", Roles.DirectoryAdministrator, $"Vejviser-redaktør {m.Name}", m.Code, null),
            new($"guide1.{m.Slug}", Roles.Guide, $"Fællesskabsguide 1, {m.Name}", m.Code, null),
            new($"guide2.{m.Slug}", Roles.Guide, $"Fællesskabsguide 2, {m.Name}", m.Code, null),
            new($"guide3.{m.Slug}", Roles.Guide, $"Frivillig guide, {m.Name}", m.Code, null),
            new($"gp.{m.Slug}", Roles.Referrer, $"Praktiserende læge, {m.Name}", m.Code, Sector.GeneralPractice),
            new($"homecare.{m.Slug}", Roles.Referrer, $"Social- og sundhedsassistent, {m.Name}", m.Code, Sector.HomeCare),
            new($"jobcentre.{m.Slug}", Roles.Referrer, $"Sagsbehandler, Jobcenter {m.Name}", m.Code, Sector.JobCentre),
        });

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() }));
            }
        }

        foreach (var municipality in Municipalities)
        {
            await SeedMunicipality(municipality, cancellationToken);
        }

        foreach (var account in Accounts)
        {
            await SeedAccount(account, cancellationToken);
        }

        await SeedGuides(cancellationToken);
        await SeedOffers(cancellationToken);
        await SeedReferrals(cancellationToken);
    }

    private async Task SeedMunicipality(DemoMunicipality municipality, CancellationToken cancellationToken)
    {
        if (!await db.Municipalities.AnyAsync(m => m.Code == municipality.Code, cancellationToken))
        {
            db.Municipalities.Add(new Municipality(municipality.Code, municipality.Name));
        }

        var existing = await db.Organisations.IgnoreQueryFilters()
            .Where(o => o.MunicipalityCode == municipality.Code).Select(o => o.Name).ToListAsync(cancellationToken);
        foreach (var organisation in municipality.Organisations.Where(o => !existing.Contains(o.Name)))
        {
            db.Organisations.Add(new Organisation(Guid.CreateVersion7(), municipality.Code, organisation.Name, organisation.Sector));
        }

        var districts = await db.Districts.IgnoreQueryFilters()
            .Where(d => d.MunicipalityCode == municipality.Code).Select(d => d.Name).ToListAsync(cancellationToken);
        foreach (var district in municipality.Districts.Where(d => !districts.Contains(d.Name)))
        {
            db.Districts.Add(new District(Guid.CreateVersion7(), municipality.Code, district.Name, district.Postcodes));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedAccount(DemoAccount account, CancellationToken cancellationToken)
    {
        if (await users.FindByNameAsync(account.UserName) is not null)
        {
            return;
        }

        Guid? organisationId = account.Sector is { } sector
            ? await db.Organisations.IgnoreQueryFilters()
                .Where(o => o.MunicipalityCode == account.MunicipalityCode && o.Sector == sector)
                .Select(o => (Guid?)o.Id).FirstAsync(cancellationToken)
            : null;
        var user = new ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = account.UserName,
            DisplayName = account.DisplayName,
            MunicipalityCode = account.MunicipalityCode,
            OrganisationId = organisationId,
        };
        Check(await users.CreateAsync(user, options.Value.Password));
        Check(await users.AddToRoleAsync(user, account.Role));
    }

    // Who guides where: each demo guide with districts, languages and specialties that make routing visible.
    private static readonly (string UserName, string[] Districts, string[] Languages, Specialty[] Specialties, int Capacity, bool Volunteer)[] DemoGuides =
    [
        ("guide1.aarhus", ["Midtbyen", "Nord"], ["da", "en"], [Specialty.Seniors, Specialty.Age60To74, Specialty.Age75Plus], 20, false),
        ("guide2.aarhus", ["Vest", "Midtbyen"], ["da", "ar", "tr"], [Specialty.EthnicMinority, Specialty.Age16To29, Specialty.Age30To44], 15, false),
        ("guide3.aarhus", ["Syd"], ["da"], [Specialty.MentalHealth, Specialty.Age45To59], 6, true),
        ("guide1.odsherred", ["Nykøbing, Rørvig og Højby", "Vig, Grevinge og Asnæs"], ["da"], [Specialty.Seniors, Specialty.Age75Plus], 18, false),
        ("guide2.odsherred", ["Hørve, Fårevejle og Svinninge", "Vig, Grevinge og Asnæs"], ["da", "en"], [Specialty.Age16To29, Specialty.Disability], 12, false),
        ("guide3.odsherred", ["Nykøbing, Rørvig og Højby"], ["da", "de"], [Specialty.Age60To74], 5, true),
    ];

    private async Task SeedGuides(CancellationToken cancellationToken)
    {
        foreach (var (userName, districtNames, languages, specialties, capacity, volunteer) in DemoGuides)
        {
            var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.");
            if (await db.Guides.IgnoreQueryFilters().AnyAsync(g => g.Id == user.Id, cancellationToken))
            {
                continue;
            }

            var districts = await db.Districts.IgnoreQueryFilters()
                .Where(d => d.MunicipalityCode == user.MunicipalityCode && districtNames.Contains(d.Name)).Select(d => d.Id).ToListAsync(cancellationToken);
            db.Guides.Add(new Guide(user.Id, user.MunicipalityCode, new GuideProfile(
                user.DisplayName, capacity, districts, languages, specialties,
                volunteer ? GuideEmployer.CivilSociety : GuideEmployer.Municipality, volunteer, true, [])));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task SeedOffers(CancellationToken cancellationToken)
    {
        foreach (var municipality in Municipalities)
        {
            if (await db.Offers.IgnoreQueryFilters().AnyAsync(o => o.MunicipalityCode == municipality.Code, cancellationToken))
            {
                continue;
            }

            var editor = await users.FindByNameAsync($"directory.{municipality.Slug}")
                ?? throw new InvalidOperationException($"No demo user directory.{municipality.Slug}.");
            var districts = await db.Districts.IgnoreQueryFilters().Where(d => d.MunicipalityCode == municipality.Code).ToListAsync(cancellationToken);
            var organisers = new Dictionary<string, Organiser>(StringComparer.Ordinal);
            foreach (var demo in DemoOffers.ByMunicipality[municipality.Code])
            {
                if (!organisers.TryGetValue(demo.Organiser, out var organiser))
                {
                    organiser = new Organiser(Guid.CreateVersion7(), municipality.Code, demo.Organiser);
                    organisers[demo.Organiser] = organiser;
                    db.Organisers.Add(organiser);
                }

                var district = District.Covering(districts, demo.Details.Location.Postcode);
                var verifiedAt = clock.GetUtcNow().AddMonths(-demo.VerifiedMonthsAgo);
                db.Offers.Add(new Offer(
                    Guid.CreateVersion7(), municipality.Code, organiser.Id, demo.Details with { DistrictId = district?.Id },
                    new Verification(verifiedAt, editor.Id, editor.DisplayName)));
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Demo referrals go through the same use case as the API, as their referrer, so they are routed (or land
    /// in triage) with stored reasons exactly as real ones would.
    /// </summary>
    private async Task SeedReferrals(CancellationToken cancellationToken)
    {
        if (await db.Referrals.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        foreach (var referral in DemoReferrals)
        {
            var referrer = await users.FindByNameAsync(referral.Referrer) ?? throw new InvalidOperationException($"No demo user {referral.Referrer}.");
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(
                new StaticUser(referrer.Id, referrer.MunicipalityCode, referrer.OrganisationId, [Roles.Referrer]));
            var result = await scope.ServiceProvider.GetRequiredService<ISender>().Send(referral.Command, cancellationToken);
            if (result.AssignedGuideId is { } guide && referral.Command.Citizen!.Name == "Karen Jensen")
            {
                await SeedCourse(result.CaseId, guide, referrer.MunicipalityCode, cancellationToken);
            }
        }
    }

    /// <summary>One demo case further along, so that the case view and the coordinator's report have something to show.</summary>
    private async Task SeedCourse(Guid caseId, Guid guideId, string municipalityCode, CancellationToken cancellationToken)
    {
        async Task AsGuide<T>(IRequest<T> request)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(new StaticUser(guideId, municipalityCode, null, [Roles.Guide]));
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(request, cancellationToken);
        }

        var now = clock.GetUtcNow();
        await AsGuide(new RecordConsentCommand(
            [ConsentScope.ContactCitizen, ConsentScope.StoreConversationNotes, ConsentScope.MeasureOutcomes, ConsentScope.ShareStatusWithReferrer],
            ConsentMethod.Verbal, "Fællesskabsguide 1", now.AddHours(-1), null)
        { CaseId = caseId });
        await AsGuide(new LogConversationCommand(new ConversationInput(
            ConversationMode.HomeVisit, now.AddMinutes(-50), 60, "Første besøg. Karen savner at synge og at spise sammen med andre.",
            [LifeArena.LeisureAndCommunities], "Vil gerne ud blandt andre, men ikke alene første gang.", "Følges med til spisefællesskab torsdag."))
        { CaseId = caseId });
        await AsGuide(new RecordMeasurementCommand(MeasurementPoint.Baseline, now.AddMinutes(-40), 3, 2, 3) { CaseId = caseId });
        await AsGuide(new RecordInterestsCommand([Interest.Music, Interest.Food, Interest.Conversation]) { CaseId = caseId });
        var dining = await db.Offers.IgnoreQueryFilters().Where(o => o.MunicipalityCode == municipalityCode && o.ExternalId == "aarhus-1")
            .Select(o => o.Id).SingleAsync(cancellationToken);
        await AsGuide(new RecordMatchCommand(dining) { CaseId = caseId });
    }

    private static SubmitReferralCommand Referral(
        string name, string cpr, string street, string postcode, string city, string language, bool interpreter,
        LifeArena arena, LifeTransition transition, string reason, Urgency urgency = Urgency.Normal, bool disability = false) => new(
        new CitizenInput(name, cpr, null, "+4520304050", null, new AddressInput(street, postcode, city), language, interpreter),
        reason, [arena], [transition], LonelinessType.Situational, new PracticalNeedsInput(false, disability, false, null), urgency,
        new ReferralConsentInput(true, "Den henvisende fagperson", ConsentMethod.Verbal, DateTimeOffset.UtcNow.AddHours(-2)));

    private static readonly (string Referrer, SubmitReferralCommand Command)[] DemoReferrals =
    [
        ("gp.aarhus", Referral("Karen Jensen", "1203431234", "Trøjborgvej 12", "8200", "Aarhus N", "da", false,
            LifeArena.LeisureAndCommunities, LifeTransition.Bereavement, "Har mistet sin mand og sidder meget alene; vil gerne mødes med andre.")),
        ("homecare.aarhus", Referral("Ahmad Haddad", "0507581235", "Gudrunsvej 4", "8220", "Brabrand", "ar", true,
            LifeArena.HealthAndCare, LifeTransition.HospitalDischarge, "Udskrevet efter længere indlæggelse; taler mest arabisk og kender ingen i området.", Urgency.High)),
        ("jobcentre.aarhus", Referral("Mikkel Sørensen", "2311991237", "Vestergade 3", "8000", "Aarhus C", "da", false,
            LifeArena.WorkingLifeAndEmployment, LifeTransition.Unemployment, "Ledig efter endt uddannelse; trækker sig fra venner og familie.")),
        ("gp.aarhus", Referral("Sahra Warsame", "0909651238", "Rosenvangs Allé 8", "8260", "Viby J", "so", true,
            LifeArena.HomeAndHousing, LifeTransition.Moving, "Nyligt flyttet til området; taler somali og har brug for tolk.")),
        ("gp.odsherred", Referral("Inger Madsen", "0102401238", "Algade 20", "4500", "Nykøbing Sj", "da", false,
            LifeArena.LeisureAndCommunities, LifeTransition.Retirement, "Gået på pension og savner kolleger; lang vej til aktiviteter.")),
        ("homecare.odsherred", Referral("Poul Nielsen", "1509361239", "Strandvejen 7", "4534", "Hørve", "da", false,
            LifeArena.HomeAndHousing, LifeTransition.Moving, "Flyttet i mindre bolig; kan ikke længere køre bil.", disability: true)),
        ("jobcentre.odsherred", Referral("Jonas Berg", "1407024230", "Havnevej 2", "4300", "Holbæk", "da", false,
            LifeArena.WorkingLifeAndEmployment, LifeTransition.LongSickLeave, "Langtidssygemeldt; er ved at flytte til kommunen.")),
    ];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record DemoMunicipality(string Code, string Name, string Slug, IReadOnlyList<DemoDistrict> Districts, IReadOnlyList<DemoOrganisation> Organisations);

public sealed record DemoDistrict(string Name, IReadOnlyList<string> Postcodes);

public sealed record DemoOrganisation(string Name, Sector Sector);

public sealed record DemoAccount(string UserName, string Role, string DisplayName, string MunicipalityCode, Sector? Sector);
