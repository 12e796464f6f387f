using LinkWorker.Application.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Municipalities;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Application.Tests.Persistence;

public sealed class PersistenceRuleTests_Sqlite(SqliteTestDatabase database) : PersistenceRuleTests<SqliteTestDatabase>(database);

public sealed class PersistenceRuleTests_Postgres(PostgresTestDatabase database) : PersistenceRuleTests<PostgresTestDatabase>(database), IUsesPostgres;

public abstract class PersistenceRuleTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : TestDatabase
{
    private const string Aarhus = "0751";
    private const string Odsherred = "0306";

    public async Task InitializeAsync()
    {
        await using var db = database.Context();
        await db.Database.MigrateAsync();
        if (!await db.Municipalities.AnyAsync())
        {
            db.Municipalities.AddRange(new Municipality(Aarhus, "Aarhus"), new Municipality(Odsherred, "Odsherred"));
            await db.SaveChangesAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseFact]
    public async Task Reads_are_scoped_to_the_callers_municipality()
    {
        var citizen = await AddCitizen(Aarhus);

        await using var aarhus = database.Context(Aarhus);
        await using var odsherred = database.Context(Odsherred);

        (await aarhus.Citizens.AnyAsync(c => c.Id == citizen.Id)).Should().BeTrue();
        (await odsherred.Citizens.AnyAsync(c => c.Id == citizen.Id)).Should().BeFalse();
        (await odsherred.Citizens.CountAsync(c => c.MunicipalityCode == Aarhus)).Should().Be(0);
    }

    [DatabaseFact]
    public async Task A_caller_cannot_write_another_municipalitys_row()
    {
        await using var odsherred = database.Context(Odsherred);
        odsherred.Citizens.Add(NewCitizen(Aarhus));

        var save = () => odsherred.SaveChangesAsync();

        await save.Should().ThrowAsync<InvalidOperationException>().WithMessage("*another municipality*");
    }

    [DatabaseFact]
    public async Task A_stale_edit_loses_to_the_newer_one()
    {
        var citizen = await AddCitizen(Aarhus);
        await using var first = database.Context(Aarhus);
        await using var second = database.Context(Aarhus);
        var a = await first.Citizens.SingleAsync(c => c.Id == citizen.Id);
        var b = await second.Citizens.SingleAsync(c => c.Id == citizen.Id);

        a.Update(Details("First Edit"));
        await first.SaveChangesAsync();
        b.Update(Details("Second Edit"));
        var stale = () => second.SaveChangesAsync();

        await stale.Should().ThrowAsync<DbUpdateConcurrencyException>();
        await using var check = database.Context(Aarhus);
        var stored = await check.Citizens.SingleAsync(c => c.Id == citizen.Id);
        stored.Name.Should().Be("First Edit");
        stored.Version.Should().Be(1);
    }

    [DatabaseFact]
    public async Task The_database_refuses_a_second_open_case_for_a_citizen()
    {
        var citizen = await AddCitizen(Aarhus);
        await using var db = database.Context(Aarhus);
        var (first, firstReferral) = Case.OpenFromReferral(Aarhus, citizen.Id, Submission(), DateTimeOffset.UtcNow);
        var (second, secondReferral) = Case.OpenFromReferral(Aarhus, citizen.Id, Submission(), DateTimeOffset.UtcNow);
        db.AddRange(first, firstReferral);
        await db.SaveChangesAsync();
        db.AddRange(second, secondReferral);

        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<DbUpdateException>()).Which.Should().Match<DbUpdateException>(e => db.IsUniqueViolation(e));
    }

    [DatabaseFact]
    public async Task The_database_refuses_two_citizens_with_one_cpr_number_in_a_municipality()
    {
        var cpr = CprNumber.Parse("0303551234");
        await using var db = database.Context(Aarhus);
        db.Citizens.Add(new Citizen(Guid.NewGuid(), Aarhus, Details("One", cpr)));
        await db.SaveChangesAsync();
        db.Citizens.Add(new Citizen(Guid.NewGuid(), Aarhus, Details("Two", cpr)));

        var save = () => db.SaveChangesAsync();

        (await save.Should().ThrowAsync<DbUpdateException>()).Which.Should().Match<DbUpdateException>(e => db.IsUniqueViolation(e));
    }

    [DatabaseFact]
    public async Task Times_round_trip_exactly_and_order_correctly()
    {
        // Microseconds: PostgreSQL's timestamptz resolution, the finer of the two providers' shared precision.
        var earlier = new DateTimeOffset(2026, 3, 29, 0, 59, 59, 123, TimeSpan.Zero).AddMicroseconds(456);
        var later = earlier.AddMicroseconds(1);
        var citizen = await AddCitizen(Aarhus);
        await using (var db = database.Context(Aarhus))
        {
            var (a, ra) = Case.OpenFromReferral(Aarhus, citizen.Id, Submission(), later);
            db.AddRange(a, ra);
            await db.SaveChangesAsync();
        }

        await using var read = database.Context(Aarhus);
        var stored = await read.Referrals.Where(r => r.CitizenId == citizen.Id && r.ReceivedAt > earlier).OrderBy(r => r.ReceivedAt).ToListAsync();

        stored.Should().ContainSingle().Which.ReceivedAt.Should().Be(later);
    }

    [DatabaseFact]
    public async Task The_migrations_urgency_backfill_gives_each_case_its_referrals_highest_urgency()
    {
        var (one, two) = (await AddCitizen(Aarhus), await AddCitizen(Aarhus));
        await using (var db = database.Context(Aarhus))
        {
            var (mixed, first) = Case.OpenFromReferral(Aarhus, one.Id, Submission() with { Urgency = Urgency.Low }, DateTimeOffset.UtcNow);
            var second = mixed.Receive(Submission() with { Urgency = Urgency.High }, DateTimeOffset.UtcNow);
            var third = mixed.Receive(Submission() with { Urgency = Urgency.Normal }, DateTimeOffset.UtcNow);
            var (low, only) = Case.OpenFromReferral(Aarhus, two.Id, Submission() with { Urgency = Urgency.Low }, DateTimeOffset.UtcNow);
            db.AddRange(mixed, first, second, third, low, only);
            await db.SaveChangesAsync();
        }

        await using var check = database.Context(Aarhus);
        var cases = check.Cases.Where(c => c.CitizenId == one.Id || c.CitizenId == two.Id);
        await cases.ExecuteUpdateAsync(s => s.SetProperty(c => c.Urgency, Urgency.Normal)); // as the new column's rows start

        await check.Database.ExecuteSqlRawAsync(Infrastructure.Persistence.Migrations.KeysetPagingAndListAudit.BackfillUrgency);

        (await cases.AsNoTracking().ToDictionaryAsync(c => c.CitizenId, c => c.Urgency))
            .Should().BeEquivalentTo(new Dictionary<Guid, Urgency> { [one.Id] = Urgency.High, [two.Id] = Urgency.Low });
    }

    private async Task<Citizen> AddCitizen(string municipality)
    {
        await using var db = database.Context(municipality);
        var citizen = NewCitizen(municipality);
        db.Citizens.Add(citizen);
        await db.SaveChangesAsync();
        return citizen;
    }

    private static Citizen NewCitizen(string municipality) => new(Guid.NewGuid(), municipality, Details("Test Person"));

    private static CitizenDetails Details(string name, CprNumber? cpr = null) =>
        new(name, cpr, new DateOnly(1950, 1, 1), null, null, new Address("Vej 1", "8000", "Aarhus C"), "da", false);

    private static ReferralSubmission Submission() => new(
        Guid.NewGuid(), null, Sector.GeneralPractice, "Alone", [LifeArena.HealthAndCare], [], null, PracticalNeeds.None, Urgency.Normal,
        new ReferralConsent("Dr. Test", ConsentMethod.Verbal, DateTimeOffset.UtcNow));
}
