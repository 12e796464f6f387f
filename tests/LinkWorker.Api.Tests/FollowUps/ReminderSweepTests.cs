using System.Net;
using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.FollowUps.FireDueFollowUps;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Notifications;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.FollowUps;

public sealed class ReminderSweepTests_Sqlite(SqliteApiFactory factory) : ReminderSweepTests<SqliteApiFactory>(factory);

public sealed class ReminderSweepTests_Postgres(PostgresApiFactory factory) : ReminderSweepTests<PostgresApiFactory>(factory), IUsesPostgres
{
    [DatabaseFact]
    public async Task A_node_that_dies_mid_batch_leaves_its_batch_to_the_other_node_and_nothing_fires_twice()
    {
        await DrainEverythingDue();
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(Factory);
        var planned = new List<Guid>();
        for (var i = 1; i <= 4; i++)
        {
            planned.Add(await Plan(guide, caseId, "GuideTask", TimeSpan.FromMinutes(10 + i)));
        }

        await using var second = Factory.NodeOnSameDatabase();
        _ = second.CreateClient();
        Factory.MoveClock(TimeSpan.FromHours(1));
        second.MoveClock(TimeSpan.FromHours(1));
        try
        {
            // The first node claims the two oldest and is stopped before it commits (its transaction is held open).
            await using var dying = Factory.Services.CreateAsyncScope();
            var db = dying.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
            var transaction = await db.Database.BeginTransactionAsync();
            var claimed = await dying.ServiceProvider.GetRequiredService<IDueFollowUpClaims>().Claim("0751", Factory.Clock.GetUtcNow(), 2, default);
            claimed.Select(f => f.Id).Should().Equal(planned[0], planned[1]);

            // Meanwhile the other node sweeps: it skips the locked rows instead of waiting for them.
            (await second.SendAsSystem(new FireDueFollowUpsCommand())).Should().Be(2);
            (await FiredOf(planned)).Should().BeEquivalentTo([planned[2], planned[3]]);

            // The first node dies: its transaction is rolled back and its batch is due again for the survivor.
            await transaction.RollbackAsync();
            (await second.SendAsSystem(new FireDueFollowUpsCommand())).Should().Be(2);
        }
        finally
        {
            Factory.MoveClock(TimeSpan.FromHours(-1));
        }

        (await FiredOf(planned)).Should().BeEquivalentTo(planned);
        (await NotificationsOf(planned)).Should().HaveCount(4).And.OnlyHaveUniqueItems(n => n.FollowUpId);
    }
}

/// <summary>
/// The reminder sweep (ADR 0020), driven by calling the job and the command directly with the application's clock
/// moved; no test waits for Hangfire's polling.
/// </summary>
public abstract class ReminderSweepTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    protected TFactory Factory => factory;

    [DatabaseFact]
    public async Task Due_reminders_fire_once_in_batches_and_a_cancelled_or_later_one_does_not()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var due = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            due.Add(await Plan(guide, caseId, "CheckInCall", TimeSpan.FromMinutes(i)));
        }

        var cancelled = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromMinutes(3));
        (await guide.DeleteAsync($"/api/cases/{caseId}/follow-ups/{cancelled}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var later = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromHours(3));

        factory.MoveClock(TimeSpan.FromHours(1));
        try
        {
            var rounds = 0;
            while (await factory.SendAsSystem(new FireDueFollowUpsCommand(BatchSize: 2)) > 0)
            {
                rounds++;
            }

            rounds.Should().BeGreaterThanOrEqualTo(3, "five reminders in batches of two");
            (await factory.SendAsSystem(new FireDueFollowUpsCommand())).Should().Be(0, "a second sweep finds nothing due");
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromHours(-1));
        }

        (await FiredOf([.. due, cancelled, later])).Should().BeEquivalentTo(due);
        (await NotificationsOf([.. due, cancelled, later])).Select(n => n.FollowUpId).Should().BeEquivalentTo(due, "one task each");
        var firedAt = await factory.WithDatabase(db => db.FollowUps.IgnoreQueryFilters().Where(f => due.Contains(f.Id)).Select(f => f.FiredAt).ToListAsync());
        firedAt.Should().OnlyContain(at => at != null);
    }

    [DatabaseFact]
    public async Task Two_firings_of_one_follow_up_at_once_give_one_task_and_no_error()
    {
        await DrainEverythingDue();
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromMinutes(1));
        factory.MoveClock(TimeSpan.FromMinutes(2));
        try
        {
            // A sweep holds the row (its transaction open) while two firings of the follow-up arrive.
            await using var holder = factory.Services.CreateAsyncScope();
            holder.ServiceProvider.GetRequiredService<LinkWorker.Application.Common.Security.IUserImpersonation>().Impersonate(SystemUser.For("0751"));
            var db = holder.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
            var transaction = await db.Database.BeginTransactionAsync();
            (await holder.ServiceProvider.GetRequiredService<IDueFollowUpClaims>().Lock(followUp, default)).Should().NotBeNull();
            var firings = new[]
            {
                Task.Run(() => factory.SendAsSystem(new FireFollowUpCommand(followUp))),
                Task.Run(() => factory.SendAsSystem(new FireFollowUpCommand(followUp))),
            };
            await BothWaiting(firings);
            await transaction.RollbackAsync();

            // One fires it; the other waits for it, finds it fired and says so.
            (await Task.WhenAll(firings)).Should().BeEquivalentTo([true, false]);
            (await factory.SendAsSystem(new FireDueFollowUpsCommand())).Should().Be(0, "nothing is left to fire");
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromMinutes(-2));
        }

        (await FiredOf([followUp])).Should().Equal(followUp);
        (await NotificationsOf([followUp])).Should().ContainSingle("one task for the guide");
    }

    /// <summary>
    /// PostgreSQL: until both firings wait on a lock (so they really race). SQLite serialises writers and shows no
    /// waiting session; its firings queue on the file's write lock held by the open transaction.
    /// </summary>
    private async Task BothWaiting(Task[] firings)
    {
        if (factory is not PostgresApiFactory)
        {
            return;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await factory.WithDatabase(db => db.Database.SqlQuery<int>(
                   $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync()) < 2)
        {
            firings.Should().NotContain(t => t.IsCompleted, "neither firing can finish while the row is held");
            waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
            await Task.Delay(20);
        }
    }

    [DatabaseFact]
    public async Task A_reminder_due_while_the_server_was_down_fires_once_after_restart()
    {
        Guid followUp;
        await using (var before = factory.NodeOnSameDatabase())
        {
            var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(before);
            followUp = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromMinutes(5));
        }

        // The server is down past the due time; the next one to start sweeps (its first tick is seconds away).
        await using var after = factory.NodeOnSameDatabase();
        _ = after.CreateClient();
        after.MoveClock(TimeSpan.FromMinutes(30));
        var sweep = after.Services.GetRequiredService<ReminderSweepJob>();
        await sweep.Run(CancellationToken.None);
        await sweep.Run(CancellationToken.None);

        (await FiredOf([followUp])).Should().Equal(followUp);
        (await NotificationsOf([followUp])).Should().ContainSingle();
    }

    [DatabaseFact]
    public async Task Two_nodes_sweeping_at_once_give_one_task_and_one_message_per_channel()
    {
        var (caseId, followUp) = await DueCheckInMessage();
        await using var second = factory.NodeOnSameDatabase();
        _ = second.CreateClient();
        factory.MoveClock(TimeSpan.FromDays(2));
        second.MoveClock(TimeSpan.FromDays(2));
        try
        {
            var nodes = new[] { factory.Services, second.Services };
            await Task.WhenAll(nodes.Select(n => Task.Run(() => n.GetRequiredService<ReminderSweepJob>().Run(CancellationToken.None))));
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-2));
        }

        var sent = await NotificationsOf([followUp]);
        // The guide's task, and the citizen's message on each channel switched on here.
        sent.Should().Contain(n => n.Channel == NotificationChannel.InApp).And.OnlyHaveUniqueItems(n => n.Channel);
        sent.Should().OnlyContain(n => n.CaseId == caseId);
    }

    [DatabaseFact]
    public async Task Withdrawing_the_contact_consent_or_closing_the_case_before_due_sends_nothing()
    {
        var (withdrawnCase, withdrawn) = await DueCheckInMessage();
        var (closedCase, closed) = await DueCheckInMessage();
        var guide = await GuideOf(withdrawnCase);
        var consent = _consents[withdrawnCase];
        (await guide.PostAsJsonAsync($"/api/cases/{withdrawnCase}/consents/{consent}/withdraw", new { reason = "Ingen flere beskeder" }))
            .IsSuccessStatusCode.Should().BeTrue();
        (await (await GuideOf(closedCase)).PostAsJsonAsync($"/api/cases/{closedCase}/close", new { reason = "MovedAway" })).IsSuccessStatusCode.Should().BeTrue();

        factory.MoveClock(TimeSpan.FromDays(2));
        try
        {
            await factory.Services.GetRequiredService<ReminderSweepJob>().Run(CancellationToken.None);
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-2));
        }

        // The referral's own consent may still allow contact, so the guide keeps the task; the citizen gets nothing.
        (await NotificationsOf([withdrawn])).Should().OnlyContain(n => n.Channel == NotificationChannel.InApp);
        (await FiredOf([closed])).Should().BeEmpty("the case was closed and its follow-ups cancelled");
        (await NotificationsOf([closed])).Should().BeEmpty();
    }

    private readonly Dictionary<Guid, HttpClient> _guides = [];
    private readonly Dictionary<Guid, Guid> _consents = [];

    private Task<HttpClient> GuideOf(Guid caseId) => Task.FromResult(_guides[caseId]);

    private async Task<(Guid CaseId, Guid FollowUpId)> DueCheckInMessage()
    {
        var phone = "+45" + Random.Shared.Next(20_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var body = RoutingWorld.ReferralIn(postcode);
        body["citizen"]!["phone"] = phone;
        body["citizen"]!["email"] = $"{phone[1..]}@example.dk";
        var caseId = (await (await (await factory.ClientFor("gp.aarhus")).Submit(body)).Json()).GetProperty("caseId").GetGuid();
        var guide = await factory.ClientFor(guideUser);
        _guides[caseId] = guide;
        _consents[caseId] = (await guide.RecordConsent(caseId, ["ContactCitizen", "CheckInMessages"])).GetProperty("id").GetGuid();
        return (caseId, await Plan(guide, caseId, "CheckInMessage", TimeSpan.FromDays(1)));
    }

    protected async Task DrainEverythingDue()
    {
        factory.MoveClock(TimeSpan.FromDays(30));
        try
        {
            while (await factory.SendAsSystem(new FireDueFollowUpsCommand(FireDueFollowUpsCommand.MaxBatchSize)) > 0)
            {
            }
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-30));
        }
    }

    protected static async Task<Guid> Plan(HttpClient guide, Guid caseId, string kind, TimeSpan ahead)
    {
        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow + ahead, kind, note = "Ring til Jens om holdet" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    protected Task<List<Guid>> FiredOf(IReadOnlyCollection<Guid> followUps) =>
        factory.WithDatabase(db => db.FollowUps.IgnoreQueryFilters()
            .Where(f => followUps.Contains(f.Id) && f.Status == FollowUpStatus.Due).Select(f => f.Id).ToListAsync());

    protected Task<List<Notification>> NotificationsOf(IReadOnlyCollection<Guid> followUps) =>
        factory.WithDatabase(db => db.Notifications.IgnoreQueryFilters().AsNoTracking()
            .Where(n => n.FollowUpId != null && followUps.Contains(n.FollowUpId.Value)).ToListAsync());
}
