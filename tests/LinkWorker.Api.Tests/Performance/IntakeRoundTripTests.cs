using System.Net;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Performance;

public sealed class IntakeRoundTripTests_Sqlite(IntakeRoundTripTests_Sqlite.Factory factory)
    : IntakeRoundTripTests<IntakeRoundTripTests_Sqlite.Factory>(factory)
{
    public sealed class Factory : SqliteApiFactory, ICountingFactory
    {
        public RoundTripCounter Counter { get; } = new();

        public bool BatchesStatements => false;

        protected override IEnumerable<IInterceptor> Interceptors => [Counter];
    }

    [Fact]
    public async Task Every_connection_waits_for_the_write_lock_in_SQLites_own_busy_handler()
    {
        // Without it, Microsoft.Data.Sqlite sleeps 150 ms per retry while holding the process's write gate (ADR 0035).
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(30_000);
    }

    [Fact]
    public async Task No_connection_checkpoints_the_log_at_sqlites_default_of_1000_pages()
    {
        // The background checkpoint does it (ADR 0038); a request's commit only past the far bound.
        await using var scope = Fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint;";

        Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(10_000);
    }
}

public sealed class IntakeRoundTripTests_Postgres(IntakeRoundTripTests_Postgres.Factory factory)
    : IntakeRoundTripTests<IntakeRoundTripTests_Postgres.Factory>(factory), IUsesPostgres
{
    public sealed class Factory : PostgresApiFactory, ICountingFactory
    {
        public RoundTripCounter Counter { get; } = new();

        public bool BatchesStatements => true;

        protected override IEnumerable<IInterceptor> Interceptors => [Counter];
    }
}

public interface ICountingFactory
{
    RoundTripCounter Counter { get; }

    /// <summary>PostgreSQL sends a save's statements as one batch; SQLite runs them one by one, in process.</summary>
    bool BatchesStatements { get; }
}

/// <summary>
/// What one referral costs the database (issue 18): the round trips, commits and savepoints of a submission with an
/// Idempotency-Key, counted by an interceptor on the real pipeline. The bounds hold the measured improvement
/// (before: 13 statements, 3 savepoints and 4 reads of reference data or of rows that cannot exist).
/// </summary>
public abstract class IntakeRoundTripTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory, ICountingFactory
{
    protected TFactory Fixture => factory;

    [DatabaseFact]
    public async Task A_new_citizens_referral_is_one_transaction_of_few_statements_without_a_savepoint()
    {
        var client = await factory.ClientFor("gp.aarhus");
        // The first submission fills the caches (reference data, the model, the token's checks).
        (await client.Submit(ReferralBodies.Valid(), Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created);

        var counter = factory.Counter;
        counter.Reset();
        counter.Recording = true;
        var response = await client.Submit(ReferralBodies.Valid(), Guid.NewGuid().ToString());
        counter.Recording = false;

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var report = counter.Describe();
        counter.Transactions.Should().Be(1, report);
        counter.Commits.Should().Be(1, report);
        counter.Savepoints.Should().Be(0, report);
        counter.WritesOutsideTransactions.Should().Be(0, report);
        // The token's account check (ADR 0019) before the request, then the unit of work.
        counter.ConnectionOpens.Should().BeLessThanOrEqualTo(2, report);
        var reads = counter.Commands.Where(c => c.TrimStart().StartsWith("SELECT", StringComparison.Ordinal)).ToList();
        // The account check, the key's record, the citizen, the guides (routing), the audit chain's head.
        reads.Should().HaveCount(5, report);
        reads.Should().ContainSingle(c => c.Contains("FROM \"IdempotencyRecords\"", StringComparison.Ordinal), report);
        counter.Commands.Should().ContainSingle(c => c.Contains("INSERT INTO \"IdempotencyRecords\"", StringComparison.Ordinal), "the key's record is written once, completed, in the work's batch");
        counter.Commands.Should().NotContain(c => c.Contains("UPDATE \"IdempotencyRecords\"", StringComparison.Ordinal), report);
        reads.Should().NotContain(c => c.Contains("FROM \"Districts\"", StringComparison.Ordinal), "districts are reference data, cached");
        reads.Should().NotContain(c => c.Contains("FROM \"Organisations\"", StringComparison.Ordinal), "organisations are reference data, cached");
        reads.Should().NotContain(c => c.Contains("FROM \"Municipalities\"", StringComparison.Ordinal), "the deadline is reference data, cached");
        reads.Should().NotContain(c => c.Contains("FROM \"Referrals\"", StringComparison.Ordinal), "a new case has no stored referrals");
        counter.Commands.Should().NotContain(c => c.TrimStart().StartsWith("DELETE", StringComparison.Ordinal), "expired keys are deleted by the maintenance job");
        if (factory.BatchesStatements)
        {
            // 5 reads, the guide's place, one batch of writes.
            counter.Commands.Count.Should().BeLessThanOrEqualTo(7, report);
        }
        else
        {
            // SQLite holds its one write lock from the guide's place (the first write) to the commit: the reads of the
            // key, the citizen and the guides come before it (ADR 0035); only the audit chain's head is read inside.
            counter.ReadsInsideTransactions.Should().Be(1, report);
        }
    }

    [DatabaseFact]
    public async Task A_districts_change_is_seen_by_the_next_referral()
    {
        // The cache must not route by districts that changed on this node.
        var client = await factory.ClientFor("gp.aarhus");
        (await client.Submit(ReferralBodies.Valid(), Guid.NewGuid().ToString())).StatusCode.Should().Be(HttpStatusCode.Created);
        var before = await DistrictsSeenByTheCache();

        await factory.WithDatabase(async db =>
        {
            var district = await db.Districts.IgnoreQueryFilters().FirstAsync(d => d.MunicipalityCode == "0751");
            district.Update(district.Name + " (ny)", district.Postcodes);
            return await db.SaveChangesAsync();
        });

        var after = await DistrictsSeenByTheCache();
        after.Select(d => d.Name).Should().NotEqual(before.Select(d => d.Name));
        after.Should().Contain(d => d.Name.EndsWith(" (ny)", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<LinkWorker.Domain.Districts.District>> DistrictsSeenByTheCache()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<LinkWorker.Application.Common.Security.IUserImpersonation>().Impersonate(
            new LinkWorker.Application.Common.Security.StaticUser(Guid.NewGuid(), "0751", null, [LinkWorker.Application.Common.Security.Roles.Coordinator]));
        var cache = scope.ServiceProvider.GetRequiredService<LinkWorker.Application.Common.ReferenceData.ReferenceDataCache>();
        return await cache.DistrictsOf(scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>(), "0751", CancellationToken.None);
    }
}
