using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Hangfire.Storage;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.FollowUps;

/// <summary>A node with its Hangfire server running, storage in PostgreSQL's "hangfire" schema.</summary>
public sealed class BackgroundServerFactory : PostgresApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Scheduling:Enabled", "true")];
}

/// <summary>
/// The one place a test lets Hangfire run a job itself: to see what reaches its storage (ADR 0020: ids only) and
/// that readiness reports the server. Bounded waits, no fixed sleeps.
/// </summary>
public sealed class BackgroundServerTests_Postgres(BackgroundServerFactory factory) : IClassFixture<BackgroundServerFactory>, IUsesPostgres
{
    [DatabaseFact]
    public async Task Readiness_reports_the_background_server_and_no_personal_data_reaches_Hangfires_storage()
    {
        var client = factory.CreateClient();
        await Eventually(async () => (await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK, () => "not ready");

        const string Name = "Ingeborg Hemmeligsen";
        const string Note = "Spørg til datterens bryllup";
        var cpr = ReferralBodies.NewCpr();
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var body = RoutingWorld.ReferralIn(postcode);
        body["citizen"]!["name"] = Name;
        body["citizen"]!["cprNumber"] = cpr;
        var caseId = (await (await (await factory.ClientFor("gp.aarhus")).Submit(body)).Json()).GetProperty("caseId").GetGuid();
        var guide = await factory.ClientFor(guideUser);
        var planned = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddSeconds(1), kind = "CheckInCall", note = Note });
        planned.EnsureSuccessStatusCode();
        var followUp = (await planned.Json()).GetProperty("id").GetGuid();

        // The reminder is due before the jobs are triggered, so the triggered sweep fires it: the test waits on
        // Hangfire's queue and workers, not on when its recurring scheduler next looks (it once lagged 90 s in CI).
        factory.MoveClock(TimeSpan.FromSeconds(5));

        // Every recurring job runs once now, through Hangfire's own queue and workers.
        var recurring = factory.Services.GetRequiredService<IRecurringJobManager>();
        foreach (var id in new[] { ReminderSweepJob.Id, NotificationDispatchJob.Id, FollowUpEscalationScanJob.Id, FirstContactDeadlineJob.Id, GuideLoadReconciliationJob.Id })
        {
            recurring.Trigger(id);
        }

        var monitoring = factory.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        string State() => string.Join("; ",
            $"succeeded {monitoring.SucceededListCount()}, processing {monitoring.ProcessingCount()}, scheduled {monitoring.ScheduledCount()}, failed {monitoring.FailedCount()}, servers {monitoring.Servers().Count}",
            string.Join("; ", monitoring.Queues().Select(q => $"queue {q.Name}: {q.Length}")),
            string.Join("; ", RecurringJobs(factory).Select(r => $"{r.Id} next {r.NextExecution:O} last {r.LastExecution:O} {r.LastJobState} {r.Error} {(r.LastJobId is null ? "" : string.Join(" / ", monitoring.JobDetails(r.LastJobId)?.History.Select(h => $"{h.StateName} {h.Reason} {(h.Data.TryGetValue("ExceptionMessage", out var m) ? m : "")}") ?? []))}")),
            string.Join("; ", monitoring.ScheduledJobs(0, 5).Select(j => $"scheduled {j.Value.Job?.Type.Name} at {j.Value.EnqueueAt:O}")),
            string.Join("; ", factory.Logs.Lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)).TakeLast(5).Select(l => l.Length > 400 ? l[..400] : l)),
            string.Join("; ", monitoring.FailedJobs(0, 5).Select(j => $"{j.Value.Job?.Type.Name}: {j.Value.ExceptionMessage}")),
            string.Join("; ", monitoring.ProcessingJobs(0, 5).Select(j => $"processing {j.Value.Job?.Type.Name} since {j.Value.StartedAt:O}")));
        await Eventually(async () => await factory.WithDatabase(db => db.FollowUps.IgnoreQueryFilters().AnyAsync(f => f.Id == followUp && f.Status == FollowUpStatus.Due)), State);
        await Eventually(() => Task.FromResult(monitoring.SucceededListCount() >= 5), State);

        var stored = await factory.WithDatabase(async db =>
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'hangfire'").ToListAsync();
            var text = new System.Text.StringBuilder();
            foreach (var table in tables)
            {
#pragma warning disable EF1002 // Table names come from the catalogue, not from input.
                text.AppendJoin('\n', await db.Database.SqlQueryRaw<string>($"SELECT t::text AS \"Value\" FROM hangfire.\"{table}\" t").ToListAsync());
#pragma warning restore EF1002
            }

            return text.ToString();
        });
        stored.Should().Contain("ReminderSweepJob", "the dump holds the jobs that ran");
        stored.Should().NotContain(Name).And.NotContain("Hemmeligsen").And.NotContain(cpr).And.NotContain(cpr.Replace("-", "", StringComparison.Ordinal))
            .And.NotContain(Note).And.NotContain(followUp.ToString()).And.NotContain(caseId.ToString());
    }

    [DatabaseFact]
    public void The_periodic_jobs_run_in_minutes_of_their_own()
    {
        // All at the top of the hour they took both cores from intake on SQLite for about a second (ADR 42). The
        // jobs of every few seconds and the daily ones are left out.
        var minutes = RecurringJobs(factory)
            .Where(r => r.Cron.Split(' ') is [_, "*", "*", "*", "*"])
            .Select(r => (r.Id, Minutes: MinutesOf(r.Cron.Split(' ')[0])))
            .ToList();

        minutes.Select(m => m.Id).Should().Contain(["database-maintenance", "field-reencryption", "guide-load-reconciliation", "follow-up-escalation-scan"]);
        foreach (var (id, mine) in minutes)
        {
            var shared = minutes.Where(other => other.Id != id).SelectMany(other => other.Minutes.Intersect(mine).Select(m => $"{other.Id} at :{m:00}")).ToList();
            shared.Should().BeEmpty($"{id} runs alone in its minutes");
        }
    }

    // The minutes of the hour a cron minute field names, in the forms the jobs use: n, a-b, */s, a-b/s, n/s, lists.
    private static HashSet<int> MinutesOf(string field) => field.Split(',').SelectMany(part =>
    {
        var (range, step) = part.Split('/') is [var r, var s] ? (r, int.Parse(s, CultureInfo.InvariantCulture)) : (part, 1);
        var (from, to) = range == "*" ? (0, 59)
            : range.Split('-') is [var a, var b] ? (int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture))
            : (int.Parse(range, CultureInfo.InvariantCulture), step > 1 ? 59 : int.Parse(range, CultureInfo.InvariantCulture));
        return Enumerable.Range(from, to - from + 1).Where(m => (m - from) % step == 0);
    }).ToHashSet();

    private static List<RecurringJobDto> RecurringJobs(BackgroundServerFactory factory)
    {
        using var connection = factory.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }

    private static async Task Eventually(Func<Task<bool>> condition, Func<string>? state = null)
    {
        // A real background server on a shared CI machine (the browser tests run beside it): generous, and it
        // returns as soon as the condition holds.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the background server should have done it by now ({0})", state?.Invoke() ?? "");
            await Task.Delay(200);
        }
    }
}
