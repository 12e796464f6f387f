using LinkWorker.Application.Reports;
using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class ReportFactsTests_Sqlite(SqliteTestDatabase database) : ReportFactsTests<SqliteTestDatabase>(database);

public sealed class ReportFactsTests_Postgres(PostgresTestDatabase database) : ReportFactsTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// ADR 0033: referrals, consents, T-ILS scores and community matches keep their case's OpenedAt, so that the outcome
/// report reads each aggregate from one index range. New rows get it when saved, whether or not the case was read in
/// the same context; rows from before the column get it from the migration.
/// </summary>
public abstract class ReportFactsTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Before = "20261126196000_EncryptCitizenRightsTexts";
    private static readonly DateTimeOffset Opened = new(2025, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [DatabaseFact]
    public async Task New_rows_keep_their_cases_opening_whether_the_case_is_tracked_or_not()
    {
        await Migrate();
        var (@case, referral, citizen) = Open("Sporet", Opened);
        await using (var db = database.Context(Aarhus))
        {
            // The case is added in the same save: taken from the tracker.
            db.AddRange(citizen, @case, referral, Consent(@case.Id));
            await db.SaveChangesAsync();
        }

        await using (var db = database.Context(Aarhus))
        {
            // The case was not read here: taken from the database.
            db.AddRange(Tils(@case.Id), new CommunityParticipation(Guid.NewGuid(), Aarhus, @case.Id, "Gåklubben", new DateOnly(2025, 4, 1)));
            await db.SaveChangesAsync();
        }

        await using var check = database.Context(Aarhus);
        (await Facts(check, @case.Id)).Should().Equal(Opened, Opened, Opened, Opened);
    }

    [DatabaseFact]
    public async Task The_migration_fills_the_rows_there_are()
    {
        await Migrate();
        var opened = Opened.AddDays(3).AddTicks(10); // to the microsecond, as stored
        var (@case, referral, citizen) = Open("Migreret", opened);
        await using (var db = database.Context(Aarhus))
        {
            db.AddRange(citizen, @case, referral, Consent(@case.Id), Tils(@case.Id), new CommunityParticipation(Guid.NewGuid(), Aarhus, @case.Id, "Strik", new DateOnly(2025, 4, 1)));
            await db.SaveChangesAsync();
        }

        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await db.Database.MigrateAsync();
        }

        await using var check = database.Context(Aarhus);
        (await Facts(check, @case.Id)).Should().Equal(opened, opened, opened, opened);
    }

    private async Task Migrate()
    {
        await using var setup = database.Context();
        await setup.Database.MigrateAsync();
        if (!await setup.Municipalities.AnyAsync(m => m.Code == Aarhus))
        {
            setup.Municipalities.Add(new Municipality(Aarhus, "Aarhus"));
            await setup.SaveChangesAsync();
        }
    }

    private static async Task<List<DateTimeOffset?>> Facts(LinkWorkerDbContext db, Guid caseId) =>
    [
        await db.Referrals.Where(r => r.CaseId == caseId).Select(r => EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt)).SingleAsync(),
        await db.Consents.Where(r => r.CaseId == caseId).Select(r => EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt)).SingleAsync(),
        await db.TilsMeasurements.Where(r => r.CaseId == caseId).Select(r => EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt)).SingleAsync(),
        await db.CommunityParticipations.Where(r => r.CaseId == caseId).Select(r => EF.Property<DateTimeOffset?>(r, ReportFacts.CaseOpenedAt)).SingleAsync(),
    ];

    private static Consent Consent(Guid caseId) => new(
        Guid.NewGuid(), Aarhus, caseId, [ConsentScope.ContactCitizen, ConsentScope.MeasureOutcomes], ConsentMethod.Written, "Guide", Opened.AddDays(1), null, Guid.NewGuid(), Opened.AddDays(1));

    private static TilsMeasurement Tils(Guid caseId) => new(
        Guid.NewGuid(), Aarhus, caseId, MeasurementPoint.Baseline, Opened.AddDays(2), 3, 3, 2, TilsCutoffs.Standard, Guid.NewGuid());

    private static (Case Case, Referral Referral, Citizen Citizen) Open(string name, DateTimeOffset at)
    {
        var citizen = new Citizen(Guid.NewGuid(), Aarhus, new CitizenDetails(
            $"{name} Person", null, new DateOnly(1950, 1, 1), null, null, new Address("Vej 1", "8000", "Aarhus C"), "da", false));
        var (@case, referral) = Case.OpenFromReferral(Aarhus, citizen.Id, new ReferralSubmission(
            Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
            new ReferralConsent("Dr. Test", ConsentMethod.Verbal, at)), at);
        return (@case, referral, citizen);
    }
}
