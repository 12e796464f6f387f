using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace LinkWorker.Api.Tests.FollowUps;

public sealed class SchedulerTests_Sqlite(SqliteApiFactory factory) : SchedulerTests<SqliteApiFactory>(factory);

public sealed class SchedulerTests_Postgres(PostgresApiFactory factory) : SchedulerTests<PostgresApiFactory>(factory), IUsesPostgres
{
    [DatabaseFact]
    public async Task Two_nodes_starting_together_on_a_new_database_migrate_it_once_and_both_serve()
    {
        var first = new PostgresApiFactory();
        await ((IAsyncLifetime)first).InitializeAsync();
        try
        {
            await using var second = first.NodeOnSameDatabase();

            var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));

            // Readiness may be 503 for a moment while a node's scheduler starts: poll, bounded.
            foreach (var client in clients)
            {
                await Eventually(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);
            }

            // The first start on an empty database is expected, not an error.
            first.Logs.Lines.Concat(second.Logs.Lines).Should().NotContain(l => l.StartsWith("Error", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)first).DisposeAsync();
        }
    }

    [DatabaseFact]
    public async Task Two_nodes_on_one_database_fire_each_reminder_exactly_once()
    {
        await using var second = Factory.NodeOnSameDatabase();
        _ = second.CreateClient(); // both nodes' schedulers run from here on
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(Factory);
        var since = DateTimeOffset.UtcNow;
        var planned = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            planned.Add(await Plan(guide, caseId, TimeSpan.FromSeconds(2)));
        }

        await Eventually(async () => (await Factory.WithDatabase(db => db.FollowUps.IgnoreQueryFilters()
            .CountAsync(f => planned.Contains(f.Id) && f.FiredAt != null))) == planned.Count);

        // Every firing leaves an audit row, also one that found the follow-up fired already.
        var firings = await Factory.WithDatabase(db => db.AuditEntries.CountAsync(a => a.Action == "FireFollowUp" && a.At >= since));
        firings.Should().Be(planned.Count);
        var tasks = await Factory.WithDatabase(db => db.Notifications.IgnoreQueryFilters().CountAsync(n => n.FollowUpId != null && planned.Contains(n.FollowUpId.Value)));
        tasks.Should().Be(planned.Count);
    }
}

/// <summary>The real scheduler, firing in real (short) time on the test's database.</summary>
public abstract class SchedulerTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    protected TFactory Factory => factory;

    [DatabaseFact]
    public async Task A_follow_up_due_in_a_few_seconds_fires_once_and_a_cancelled_one_never()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var cancelled = await Plan(guide, caseId, TimeSpan.FromSeconds(2));
        (await guide.DeleteAsync($"/api/cases/{caseId}/follow-ups/{cancelled}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var fires = await Plan(guide, caseId, TimeSpan.FromSeconds(3));

        await Eventually(async () => (await Tasks(guide)).Any(t => t == fires));

        // The cancelled one was due first; by the time the later one fired, it would have too.
        (await Tasks(guide)).Should().ContainSingle(t => t == fires).And.NotContain(cancelled);
        var statuses = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups")).EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetGuid(), f => f.GetProperty("status").GetString());
        statuses[fires].Should().Be("Due");
        statuses[cancelled].Should().Be("Cancelled");
    }

    [DatabaseFact]
    public async Task A_reminder_due_while_the_server_was_down_fires_once_after_restart()
    {
        Guid followUp;
        string guideUser;
        await using (var before = factory.NodeOnSameDatabase())
        {
            var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(before);
            guideUser = await UserName(before, guide);
            followUp = await Plan(guide, caseId, TimeSpan.FromSeconds(2));
        }

        // The server is down past the due time (a real scheduler measures real time).
        await Task.Delay(TimeSpan.FromSeconds(3));
        await using var after = factory.NodeOnSameDatabase();
        var client = await after.ClientFor(guideUser);

        await Eventually(async () => (await Tasks(client)).Contains(followUp));
        (await Tasks(client)).Count(t => t == followUp).Should().Be(1);
    }

    [DatabaseFact]
    public async Task Escalation_is_one_recurring_scan_not_a_job_per_follow_up()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, TimeSpan.FromSeconds(1));
        await Eventually(async () => (await Tasks(guide)).Contains(followUp));

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var scan = (await scheduler.GetTriggersOfJob(FollowUpEscalationScanJob.Key)).Should().ContainSingle().Which.Should().BeAssignableTo<ISimpleTrigger>().Which;
        scan.RepeatInterval.Should().Be(TimeSpan.FromMinutes(15));
        (await scheduler.GetJobGroupNames()).Should().NotContain("follow-up-escalations", "a fired reminder schedules nothing more");
    }

    [DatabaseFact]
    public async Task The_recurring_scan_escalates_a_fired_follow_up_left_due()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, TimeSpan.FromSeconds(1));
        await Eventually(async () => (await Tasks(guide)).Contains(followUp));

        // Past Aarhus's three days by the application's clock, which the scheduler shares; then the scan runs now.
        factory.MoveClock(TimeSpan.FromDays(4));
        try
        {
            var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.TriggerJob(FollowUpEscalationScanJob.Key);

            var coordinator = await factory.ClientFor("coordinator.aarhus");
            await Eventually(async () => (await Escalated(coordinator)).Contains(followUp));
            (await Escalated(coordinator)).Count(f => f == followUp).Should().Be(1);
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-4));
        }
    }

    private static async Task<List<Guid>> Escalated(HttpClient coordinator) =>
        (await coordinator.GetAllItems("/api/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "FollowUpEscalated")
            .Select(n => n.GetProperty("followUpId").GetGuid()).ToList();

    protected static async Task<Guid> Plan(HttpClient guide, Guid caseId, TimeSpan ahead)
    {
        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow + ahead, kind = "CheckInCall" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    protected static async Task<List<Guid>> Tasks(HttpClient guide) =>
        (await guide.GetAllItems("/api/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("followUpId").ValueKind == JsonValueKind.String)
            .Select(n => n.GetProperty("followUpId").GetGuid()).ToList();

    /// <summary>Polls until the condition holds; fails after 30 seconds. The scheduler runs on real time.</summary>
    protected static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the scheduler should have fired by now");
            await Task.Delay(200);
        }
    }

    private static async Task<string> UserName(LinkWorkerApiFactory node, HttpClient client)
    {
        var me = (await (await client.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
        return await node.WithDatabase(db => db.Users.Where(u => u.Id == me).Select(u => u.UserName!).SingleAsync());
    }
}
