using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class QueueOrderMigrationTests_Sqlite(SqliteTestDatabase database) : QueueOrderMigrationTests<SqliteTestDatabase>(database);

public sealed class QueueOrderMigrationTests_Postgres(PostgresTestDatabase database) : QueueOrderMigrationTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// Migration 20261126190000 gives existing cases the instant their first contact becomes overdue, by the Danish
/// working-day calendar (ADR 29): the same instant the domain fixes on a new case, and none once contacted.
/// </summary>
public abstract class QueueOrderMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Before = "20261126160000_AuditHashChain";

    [DatabaseFact]
    public async Task Existing_cases_get_the_domains_due_instant_and_contacted_cases_none()
    {
        await using (var setup = database.Context())
        {
            await setup.Database.MigrateAsync();
            setup.Municipalities.Add(new Municipality(Aarhus, "Aarhus"));
            await setup.SaveChangesAsync();
        }

        var opened = new (DateTimeOffset At, int Rule)[]
        {
            (new(2026, 12, 18, 10, 0, 0, TimeSpan.Zero), 5), // over Christmas: 24, 25, 26 and 31 December do not count
            (new(2026, 3, 28, 23, 30, 0, TimeSpan.Zero), 5), // 00:30 on Sunday 29 March in Denmark, the night summer time starts
            (new(2026, 3, 27, 22, 59, 0, TimeSpan.Zero), 8), // the last minute of Friday 27 March in Denmark, before Easter
            (new(2025, 6, 4, 12, 0, 0, TimeSpan.Zero), 1),   // Grundlovsdag is the next day
        };
        var cases = new List<Case>();
        await using (var db = database.Context(Aarhus))
        {
            foreach (var (at, rule) in opened)
            {
                var citizen = Citizen();
                var (@case, referral) = Case.OpenFromReferral(Aarhus, citizen, Submission(at), at, rule);
                db.AddRange(citizen, @case, referral);
                cases.Add(@case);
            }

            var contactedCitizen = Citizen();
            var (contacted, contactedReferral) = Case.OpenFromReferral(Aarhus, contactedCitizen, Submission(opened[0].At), opened[0].At);
            contacted.AssignTo(Guid.NewGuid(), opened[0].At);
            contacted.RecordContactAttempt(true, opened[0].At.AddDays(1), opened[0].At.AddDays(1));
            db.AddRange(contactedCitizen, contacted, contactedReferral);
            cases.Add(contacted);
            await db.SaveChangesAsync();
        }

        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await db.Database.MigrateAsync();
        }

        await using var check = database.Context(Aarhus);
        var stored = await check.Cases.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.FirstContactDueAt);
        stored[cases[0].Id].Should().Be(DanishTime.EndOf(new DateOnly(2026, 12, 29)), "18 Dec + 5 working days: 21, 22, 23, 28, 29 December; so 29 December");
        foreach (var @case in cases)
        {
            stored[@case.Id].Should().Be(@case.FirstContactDueAt, $"the case opened {@case.OpenedAt:O} with rule {@case.FirstContactWorkingDays}");
        }

        stored[cases[^1].Id].Should().BeNull("a contacted case awaits no first contact");
    }

    private static Citizen Citizen() => new(Guid.NewGuid(), Aarhus, new CitizenDetails(
        "Test Person", null, new DateOnly(1950, 1, 1), null, null, new Address("Vej 1", "8000", "Aarhus C"), "da", false));

    private static ReferralSubmission Submission(DateTimeOffset at) => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, at));
}
