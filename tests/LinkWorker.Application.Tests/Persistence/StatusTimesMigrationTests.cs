using LinkWorker.Application.Tests.Support;
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

public sealed class StatusTimesMigrationTests_Sqlite(SqliteTestDatabase database) : StatusTimesMigrationTests<SqliteTestDatabase>(database);

public sealed class StatusTimesMigrationTests_Postgres(PostgresTestDatabase database) : StatusTimesMigrationTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>
/// Issue 17's migration (ADR 0024) goes down and up again, and fills the new status times of existing cases with the
/// latest time each case already kept that is not after the change.
/// </summary>
public abstract class StatusTimesMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Before = "20261126160000_AuditHashChain";
    private static readonly DateTimeOffset Opened = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [DatabaseFact]
    public async Task Existing_cases_get_the_time_of_their_last_known_change()
    {
        await using (var setup = database.Context())
        {
            await setup.Database.MigrateAsync();
            setup.Municipalities.Add(new Municipality(Aarhus, "Aarhus"));
            await setup.SaveChangesAsync();
        }

        var guide = Guid.NewGuid();
        var (waiting, waitingReferral, waitingCitizen) = Open("Ventende");
        var (active, activeReferral, activeCitizen) = Open("Aktiv");
        active.AssignTo(guide, Opened.AddHours(1));
        active.RecordContactAttempt(true, Opened.AddDays(2), Opened.AddDays(2));
        active.Activate(Opened.AddDays(5), Opened.AddDays(5));
        var (closed, closedReferral, closedCitizen) = Open("Afsluttet");
        closed.AssignTo(guide, Opened.AddHours(1));
        closed.Close(ClosureReason.InCommunity, Opened.AddDays(30));
        await using (var db = database.Context(Aarhus))
        {
            db.AddRange(waitingCitizen, waiting, waitingReferral, activeCitizen, active, activeReferral, closedCitizen, closed, closedReferral);
            await db.SaveChangesAsync();
        }

        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await db.Database.MigrateAsync();
        }

        await using var check = database.Context(Aarhus);
        var times = await check.Cases.ToDictionaryAsync(c => c.Id, c => (c.StatusChangedAt, c.GuideChangedAt));
        times[waiting.Id].Should().Be((Opened, Opened));
        times[active.Id].Should().Be((Opened.AddDays(2), Opened), "first contact is the last time an active case kept (its start of work was not)");
        times[closed.Id].Should().Be((Opened.AddDays(30), Opened));
    }

    private static (Case Case, Referral Referral, Citizen Citizen) Open(string name)
    {
        var citizen = new Citizen(Guid.NewGuid(), Aarhus, new CitizenDetails(
            $"{name} Person", null, new DateOnly(1950, 1, 1), null, null, new Address("Vej 1", "8000", "Aarhus C"), "da", false));
        var (@case, referral) = Case.OpenFromReferral(Aarhus, citizen.Id, new ReferralSubmission(
            Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
            new ReferralConsent("Dr. Test", ConsentMethod.Verbal, Opened)), Opened);
        return (@case, referral, citizen);
    }
}
