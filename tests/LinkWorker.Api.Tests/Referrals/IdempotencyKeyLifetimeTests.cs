using System.Net;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Referrals;

public sealed class IdempotencyKeyLifetimeTests_Sqlite(SqliteApiFactory factory) : IdempotencyKeyLifetimeTests<SqliteApiFactory>(factory);

public sealed class IdempotencyKeyLifetimeTests_Postgres(PostgresApiFactory factory)
    : IdempotencyKeyLifetimeTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// Expired keys (ADR 3, issue 18): a referral no longer deletes them itself; the maintenance job does, in batches, and
/// until it has, an expired key is still used afresh.
/// </summary>
public abstract class IdempotencyKeyLifetimeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task An_expired_key_not_yet_cleaned_up_is_used_afresh_for_another_request()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var key = Guid.NewGuid().ToString();
        var first = await client.Submit(ReferralBodies.Valid(), key);
        first.StatusCode.Should().Be(HttpStatusCode.Created);

        factory.MoveClock(TimeSpan.FromHours(25));
        client = await factory.ClientFor("gp.aarhus");
        var other = await client.Submit(ReferralBodies.Valid(), key);
        var retry = await client.Submit(ReferralBodies.Valid(), key);

        other.StatusCode.Should().Be(HttpStatusCode.Created, "the key expired, so it is not a reuse for another request");
        other.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await other.Json()).GetProperty("referralId").GetGuid().Should().NotBe((await first.Json()).GetProperty("referralId").GetGuid());
        retry.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the key is live again and names the second request now");
        (await factory.WithDatabase(db => db.IdempotencyRecords.CountAsync(r => r.Key == key))).Should().Be(1);
    }

    [DatabaseFact]
    public async Task The_maintenance_job_deletes_expired_keys_in_batches_and_keeps_live_ones()
    {
        var now = factory.Clock.GetUtcNow();
        var scope = $"{Guid.NewGuid():N}:SubmitReferralCommand";
        await factory.WithDatabase(async db =>
        {
            for (var i = 0; i < DatabaseMaintenanceJob.BatchSize + 5; i++)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord(Guid.CreateVersion7(), scope, $"old-{i}", "hash", now.AddDays(-2), now.AddDays(-1)));
            }

            db.IdempotencyRecords.Add(new IdempotencyRecord(Guid.CreateVersion7(), scope, "live", "hash", now, now.AddHours(1)));
            return await db.SaveChangesAsync();
        });

        var job = factory.Services.GetRequiredService<DatabaseMaintenanceJob>();
        var deleted = await job.DeleteExpiredIdempotencyKeys(CancellationToken.None);
        await job.Run(CancellationToken.None); // nothing left; on SQLite it also refreshes the planner's statistics

        deleted.Should().BeGreaterThanOrEqualTo(DatabaseMaintenanceJob.BatchSize + 5);
        var left = await factory.WithDatabase(db => db.IdempotencyRecords.Where(r => r.Scope == scope).Select(r => r.Key).ToListAsync());
        left.Should().Equal("live");
    }
}
