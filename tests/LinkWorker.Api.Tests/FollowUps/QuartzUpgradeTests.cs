using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.FollowUps;

public sealed class QuartzUpgradeTests_Sqlite(SqliteApiFactory factory) : QuartzUpgradeTests<SqliteApiFactory>(factory);

public sealed class QuartzUpgradeTests_Postgres(PostgresApiFactory factory) : QuartzUpgradeTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The upgrade from the Quartz release (issue 15): a database as the previous release's migrations left it, with
/// Quartz's own tables holding a pending reminder, is migrated; the reminder fires once by the sweep and the
/// QRTZ_ tables are gone.
/// </summary>
public abstract class QuartzUpgradeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_reminder_pending_in_Quartz_fires_exactly_once_after_the_upgrade_and_the_Quartz_tables_are_dropped()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var pending = await Plan(guide, caseId);
        var firedBefore = await Plan(guide, caseId);
        (await factory.SendAsSystem(new FireFollowUpCommand(firedBefore))).Should().BeTrue();

        // Back to the previous release's schema, with Quartz's tables and its triggers for both follow-ups.
        await factory.WithDatabase(async db =>
        {
            var previous = db.Database.GetMigrations().TakeWhile(m => m != "20261126130000_RetireQuartz").Last();
            await db.GetService<IMigrator>().MigrateAsync(previous);
            foreach (var sql in QuartzEraRows(pending, firedBefore))
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }

            return 0;
        });
        (await QuartzTables()).Should().BeGreaterThanOrEqualTo(3);

        // The new release starts (and migrates), the reminder's due time passes, the sweep runs twice.
        await using var upgraded = factory.NodeOnSameDatabase();
        _ = upgraded.CreateClient();
        upgraded.MoveClock(TimeSpan.FromHours(1));
        var sweep = upgraded.Services.GetRequiredService<ReminderSweepJob>();
        await sweep.Run(CancellationToken.None);
        await sweep.Run(CancellationToken.None);

        (await QuartzTables()).Should().Be(0);
        var statuses = await factory.WithDatabase(db => db.FollowUps.IgnoreQueryFilters()
            .Where(f => f.Id == pending || f.Id == firedBefore).ToDictionaryAsync(f => f.Id, f => f.Status));
        statuses[pending].Should().Be(FollowUpStatus.Due);
        var tasks = await factory.WithDatabase(db => db.Notifications.IgnoreQueryFilters()
            .Where(n => n.FollowUpId == pending || n.FollowUpId == firedBefore).Select(n => n.FollowUpId).ToListAsync());
        tasks.Should().BeEquivalentTo(new Guid?[] { pending, firedBefore }, "one task each: the one fired before the upgrade is not fired again");
    }

    private Task<int> QuartzTables() => factory.WithDatabase(db => db.Database.IsNpgsql()
        ? db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM information_schema.tables WHERE upper(table_name) LIKE 'QRTZ%'").SingleAsync()
        : db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND upper(name) LIKE 'QRTZ%'").SingleAsync());

    // A cut-down copy of Quartz's own tables (unquoted, as its scripts name them) and its rows for two reminders.
    private static IEnumerable<string> QuartzEraRows(Guid pending, Guid fired)
    {
        yield return "CREATE TABLE QRTZ_JOB_DETAILS (SCHED_NAME VARCHAR(120) NOT NULL, JOB_NAME VARCHAR(200) NOT NULL, JOB_GROUP VARCHAR(200) NOT NULL, " +
            "JOB_CLASS_NAME VARCHAR(250) NOT NULL, JOB_DATA TEXT, PRIMARY KEY (SCHED_NAME, JOB_NAME, JOB_GROUP))";
        yield return "CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME VARCHAR(120) NOT NULL, TRIGGER_NAME VARCHAR(200) NOT NULL, TRIGGER_GROUP VARCHAR(200) NOT NULL, " +
            "JOB_NAME VARCHAR(200) NOT NULL, JOB_GROUP VARCHAR(200) NOT NULL, NEXT_FIRE_TIME BIGINT, TRIGGER_STATE VARCHAR(16) NOT NULL, " +
            "PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP), FOREIGN KEY (SCHED_NAME, JOB_NAME, JOB_GROUP) REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME, JOB_GROUP))";
        yield return "CREATE TABLE QRTZ_SIMPLE_TRIGGERS (SCHED_NAME VARCHAR(120) NOT NULL, TRIGGER_NAME VARCHAR(200) NOT NULL, TRIGGER_GROUP VARCHAR(200) NOT NULL, " +
            "REPEAT_COUNT BIGINT NOT NULL, PRIMARY KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP), " +
            "FOREIGN KEY (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP) REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME, TRIGGER_GROUP))";
        yield return "CREATE TABLE QRTZ_LOCKS (SCHED_NAME VARCHAR(120) NOT NULL, LOCK_NAME VARCHAR(40) NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME))";
        foreach (var (id, state) in new[] { (pending, "WAITING"), (fired, "COMPLETE") })
        {
            var name = id.ToString("N");
            yield return "INSERT INTO QRTZ_JOB_DETAILS VALUES ('LinkWorker', '" + name + "', 'follow-up-reminders', " +
                "'LinkWorker.Infrastructure.Scheduling.FollowUpReminderJob, LinkWorker.Infrastructure', 'followUpId=" + id + ";municipalityCode=0751')";
            yield return "INSERT INTO QRTZ_TRIGGERS VALUES ('LinkWorker', '" + name + "', 'follow-up-reminders', '" + name + "', 'follow-up-reminders', " +
                DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeMilliseconds() + ", '" + state + "')";
            yield return "INSERT INTO QRTZ_SIMPLE_TRIGGERS VALUES ('LinkWorker', '" + name + "', 'follow-up-reminders', 0)";
        }

        yield return "INSERT INTO QRTZ_LOCKS VALUES ('LinkWorker', 'TRIGGER_ACCESS')";
    }

    private static async Task<Guid> Plan(HttpClient guide, Guid caseId)
    {
        var response = await guide.PostAsJsonAsync(
            $"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddMinutes(10), kind = "CheckInCall" });
        response.EnsureSuccessStatusCode();
        return (await response.Json()).GetProperty("id").GetGuid();
    }
}
