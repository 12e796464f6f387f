using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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
    TimeProvider clock)
{
    public static readonly IReadOnlyList<DemoMunicipality> Municipalities =
    [
        new("0751", "Aarhus", "aarhus",
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
            new($"guide1.{m.Slug}", Roles.Guide, $"Fællesskabsguide 1, {m.Name}", m.Code, null),
            new($"guide2.{m.Slug}", Roles.Guide, $"Fællesskabsguide 2, {m.Name}", m.Code, null),
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

    private async Task SeedReferrals(CancellationToken cancellationToken)
    {
        if (await db.Referrals.IgnoreQueryFilters().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var (userName, citizen, arena, transition, daysAgo) in DemoReferrals)
        {
            var referrer = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.");
            var organisation = await db.Organisations.IgnoreQueryFilters().SingleAsync(o => o.Id == referrer.OrganisationId, cancellationToken);
            var receivedAt = now.AddDays(-daysAgo);
            var person = new Citizen(Guid.CreateVersion7(receivedAt), referrer.MunicipalityCode, citizen);
            var submission = new ReferralSubmission(
                referrer.Id, organisation.Id, organisation.Sector, "Har mistet sin ægtefælle og sidder meget alene; vil gerne mødes med andre.",
                [arena], [transition], LonelinessType.Situational, PracticalNeeds.None, Urgency.Normal,
                new ReferralConsent(referrer.DisplayName, ConsentMethod.Verbal, receivedAt.AddHours(-1)));
            var (@case, referral) = Case.OpenFromReferral(referrer.MunicipalityCode, person.Id, submission, receivedAt);
            db.AddRange(person, @case, referral);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static readonly (string Referrer, CitizenDetails Citizen, LifeArena Arena, LifeTransition Transition, int DaysAgo)[] DemoReferrals =
    [
        ("gp.aarhus", new("Karen Jensen", CprNumber.Parse("1203431234"), null, "+4520304050", null, new("Trøjborgvej 12", "8200", "Aarhus N"), "da", false),
            LifeArena.LeisureAndCommunities, LifeTransition.Bereavement, 3),
        ("homecare.aarhus", new("Ahmad Haddad", CprNumber.Parse("0507581235"), null, "+4530405060", null, new("Gudrunsvej 4", "8220", "Brabrand"), "ar", false),
            LifeArena.HealthAndCare, LifeTransition.HospitalDischarge, 2),
        ("jobcentre.aarhus", new("Mikkel Sørensen", CprNumber.Parse("2311991237"), null, null, "mikkel@example.dk", new("Vestergade 3", "8000", "Aarhus C"), "da", false),
            LifeArena.WorkingLifeAndEmployment, LifeTransition.Unemployment, 1),
        ("gp.odsherred", new("Inger Madsen", CprNumber.Parse("0102401238"), null, "+4540506070", null, new("Algade 20", "4500", "Nykøbing Sj"), "da", false),
            LifeArena.LeisureAndCommunities, LifeTransition.Retirement, 4),
        ("homecare.odsherred", new("Poul Nielsen", CprNumber.Parse("1509361239"), null, "+4550607080", null, new("Strandvejen 7", "4573", "Højby"), "da", false),
            LifeArena.HomeAndHousing, LifeTransition.Moving, 2),
    ];

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo seeding failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record DemoMunicipality(string Code, string Name, string Slug, IReadOnlyList<DemoOrganisation> Organisations);

public sealed record DemoOrganisation(string Name, Sector Sector);

public sealed record DemoAccount(string UserName, string Role, string DisplayName, string MunicipalityCode, Sector? Sector);
