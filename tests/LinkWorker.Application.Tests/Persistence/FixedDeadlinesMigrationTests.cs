using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Domain.Routing;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class FixedDeadlinesMigrationTests_Sqlite(SqliteTestDatabase database) : FixedDeadlinesMigrationTests<SqliteTestDatabase>(database);

public sealed class FixedDeadlinesMigrationTests_Postgres(PostgresTestDatabase database) : FixedDeadlinesMigrationTests<PostgresTestDatabase>(database), IUsesPostgres;

/// <summary>Issue 19's migration fills the new columns of existing rows: the rule in force and who decided.</summary>
public abstract class FixedDeadlinesMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Before = "20261122020000_FollowUpEscalationIndex";

    [DatabaseFact]
    public async Task Existing_cases_keep_the_municipalitys_rule_and_decisions_get_the_deciders_name()
    {
        await using (var setup = database.Context())
        {
            await setup.Database.MigrateAsync();
            setup.Municipalities.Add(new Municipality(Aarhus, "Aarhus"));
            await setup.SaveChangesAsync();
        }

        var coordinator = new ApplicationUser { Id = Guid.NewGuid(), UserName = "c.migration", DisplayName = "Mette Koordinator", MunicipalityCode = Aarhus };
        var citizen = new Citizen(Guid.NewGuid(), Aarhus, new CitizenDetails(
            "Test Person", null, new DateOnly(1950, 1, 1), null, null, new Address("Vej 1", "8000", "Aarhus C"), "da", false));
        var (@case, referral) = Case.OpenFromReferral(Aarhus, citizen, Submission(), DateTimeOffset.UtcNow);
        var decision = new RoutingDecision(Guid.NewGuid(), Aarhus, @case.Id, DateTimeOffset.UtcNow, RoutingKind.Assignment, null, ["x"], coordinator.Id);
        await using (var db = database.Context(Aarhus))
        {
            db.Users.Add(coordinator);
            db.AddRange(citizen, @case, referral, decision);
            await db.SaveChangesAsync();
        }

        // Back to the schema before the migration, with a municipality whose rule is 8 working days, then forward again.
        await using (var db = database.Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Municipalities\" SET \"FirstContactWorkingDays\" = 8");
            await db.Database.MigrateAsync();
        }

        await using var check = database.Context(Aarhus);
        (await check.Cases.SingleAsync(c => c.Id == @case.Id)).FirstContactWorkingDays.Should().Be(8);
        (await check.RoutingDecisions.SingleAsync(d => d.Id == decision.Id)).DecidedByName.Should().Be("Mette Koordinator");
    }

    private static ReferralSubmission Submission() => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, DateTimeOffset.UtcNow));
}
