using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.FollowUps.EscalateOverdueFollowUps;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.FollowUps.FlagOverdueFirstContacts;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.FollowUps;

public sealed class FollowUpTests_Sqlite(SqliteApiFactory factory) : FollowUpTests<SqliteApiFactory>(factory);

public sealed class FollowUpTests_Postgres(PostgresApiFactory factory) : FollowUpTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Follow-ups through the API; firing is driven directly (as the scheduler's job does) with controlled time.</summary>
public abstract class FollowUpTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task A_fired_follow_up_becomes_a_due_task_for_the_guide_once_however_often_it_fires()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(14));

        (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeTrue();
        (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeFalse("a second firing changes nothing");

        var tasks = (await guide.GetAllItems("/api/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("followUpId").ValueKind == JsonValueKind.String && n.GetProperty("followUpId").GetGuid() == followUp).ToList();
        tasks.Should().ContainSingle().Which.GetProperty("title").GetString().Should().Be("Tid til opfølgningsopkald", "Danish unless the reader asks for English");
        var listed = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups");
        listed[0].GetProperty("status").GetString().Should().Be("Due");
    }

    [DatabaseFact]
    public async Task Without_the_check_in_consent_no_message_goes_to_the_citizen()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "CheckInMessage", TimeSpan.FromDays(1));

        await factory.SendAsSystem(new FireFollowUpCommand(followUp));

        var channels = await factory.WithDatabase(db => db.Notifications.IgnoreQueryFilters().Where(n => n.FollowUpId == followUp).Select(n => n.Channel).ToListAsync());
        channels.Should().Equal(Domain.Notifications.NotificationChannel.InApp);
    }

    [DatabaseFact]
    public async Task Cancelling_a_follow_up_unschedules_it_and_it_cannot_fire()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "GuideTask", TimeSpan.FromDays(3));

        var cancelled = await guide.DeleteAsync($"/api/cases/{caseId}/follow-ups/{followUp}");

        cancelled.StatusCode.Should().Be(HttpStatusCode.OK);
        (await cancelled.Json()).GetProperty("status").GetString().Should().Be("Cancelled");
        (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeFalse();
        var reminders = await (await factory.ClientFor("admin.aarhus")).GetAllItems("/api/admin/reminders");
        reminders.EnumerateArray().Single(r => r.GetProperty("followUpId").GetGuid() == followUp).GetProperty("nextFireTime").ValueKind
            .Should().Be(JsonValueKind.Null, "the scheduler holds no trigger for it any more");
    }

    [DatabaseFact]
    public async Task A_planned_follow_up_is_in_the_schedulers_store_with_its_due_time()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(20));

        var reminder = (await (await factory.ClientFor("admin.aarhus")).GetAllItems("/api/admin/reminders?status=Planned"))
            .EnumerateArray().Single(r => r.GetProperty("followUpId").GetGuid() == followUp);

        reminder.GetProperty("missingTrigger").GetBoolean().Should().BeFalse();
        reminder.GetProperty("nextFireTime").GetDateTimeOffset().Should().BeCloseTo(reminder.GetProperty("dueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));
        (await guide.GetAsync("/api/admin/reminders")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task Closing_the_case_cancels_its_pending_follow_ups()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var plan = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups/plan", new { plan = "after-match", from = "2026-12-01" });
        plan.StatusCode.Should().Be(HttpStatusCode.Created);
        var planned = (await plan.Json()).EnumerateArray().ToList();

        await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "MovedAway" });

        planned.Select(p => p.GetProperty("dueAt").GetDateTimeOffset().Date).Should().Equal(
            new DateTime(2026, 12, 15), new DateTime(2027, 1, 12), new DateTime(2027, 3, 2));
        var after = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups");
        after.EnumerateArray().Should().OnlyContain(f => f.GetProperty("status").GetString() == "Cancelled");
        foreach (var p in planned)
        {
            (await factory.SendAsSystem(new FireFollowUpCommand(p.GetProperty("id").GetGuid()))).Should().BeFalse();
        }
    }

    [DatabaseFact]
    public async Task Withdrawing_the_contact_consent_cancels_check_ins_but_not_the_guides_own_tasks()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var consent = await guide.RecordConsent(caseId, ["ContactCitizen", "CheckInMessages"]);
        var call = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(5));
        var task = await Plan(guide, caseId, "GuideTask", TimeSpan.FromDays(5));

        await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", new { reason = "No more calls, please" });
        // The referral's consent to be contacted still covers the check-ins until it is withdrawn too.
        var stillPlanned = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups")).EnumerateArray()
            .Single(f => f.GetProperty("id").GetGuid() == call).GetProperty("status").GetString();
        stillPlanned.Should().Be("Planned");
        var fromReferral = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/consents")).GetProperty("history").EnumerateArray()
            .Single(c => c.GetProperty("activeNow").GetBoolean()).GetProperty("id").GetGuid();
        await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{fromReferral}/withdraw", new { reason = "No more calls, please" });

        var followUps = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups")).EnumerateArray().ToDictionary(
            f => f.GetProperty("id").GetGuid(), f => f.GetProperty("status").GetString());
        followUps[call].Should().Be("Cancelled");
        followUps[task].Should().Be("Planned");
    }

    [DatabaseFact]
    public async Task A_due_follow_up_left_undone_is_escalated_to_the_coordinators_once_by_the_scan()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var open = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(1));
        var done = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(1));
        await factory.SendAsSystem(new FireFollowUpCommand(open));
        await factory.SendAsSystem(new FireFollowUpCommand(done));
        await guide.PostAsync($"/api/cases/{caseId}/follow-ups/{done}/complete", null);
        var guideUser = await GuideUserName(guide);

        // Aarhus escalates 3 days after the due time; the follow-ups are due in a day. Four days on, less a minute:
        // not yet.
        var moved = TimeSpan.FromDays(4) - TimeSpan.FromMinutes(1);
        factory.MoveClock(moved);
        try
        {
            await factory.SendAsSystem(new EscalateOverdueFollowUpsCommand());
            (await Escalations(await factory.ClientFor("coordinator.aarhus"), caseId)).Should().BeEmpty("it is not overdue long enough yet");

            factory.MoveClock(TimeSpan.FromMinutes(2));
            moved += TimeSpan.FromMinutes(2);
            await factory.SendAsSystem(new EscalateOverdueFollowUpsCommand());
            (await factory.SendAsSystem(new EscalateOverdueFollowUpsCommand())).Should().Be(0, "a second scan finds nothing left to escalate");

            (await Escalations(await factory.ClientFor("coordinator.aarhus"), caseId)).Should().ContainSingle("a completed follow-up needs no escalation")
                .Which.GetProperty("followUpId").GetGuid().Should().Be(open);
            var listed = (await (await factory.ClientFor(guideUser)).GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups")).EnumerateArray()
                .ToDictionary(f => f.GetProperty("id").GetGuid(), f => f.GetProperty("escalatedAt").ValueKind);
            listed[open].Should().Be(JsonValueKind.String);
            listed[done].Should().Be(JsonValueKind.Null);
        }
        finally
        {
            factory.MoveClock(-moved);
        }
    }

    [DatabaseFact]
    public async Task The_scan_escalates_in_batches_until_none_is_left()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var planned = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            planned.Add(await Plan(guide, caseId, "GuideTask", TimeSpan.FromHours(1)));
            await factory.SendAsSystem(new FireFollowUpCommand(planned[^1]));
        }

        factory.MoveClock(TimeSpan.FromDays(4));
        try
        {
            var batches = new List<int>();
            do
            {
                batches.Add(await factory.SendAsSystem(new EscalateOverdueFollowUpsCommand(BatchSize: 2)));
            }
            while (batches[^1] == 2);

            batches.Sum().Should().BeGreaterThanOrEqualTo(planned.Count);
            batches[^1].Should().BeLessThan(2);
            var escalated = (await Escalations(await factory.ClientFor("coordinator.aarhus"), caseId))
                .Select(n => n.GetProperty("followUpId").GetGuid()).ToList();
            escalated.Should().BeEquivalentTo(planned, "each once");
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-4));
        }
    }

    private static async Task<List<JsonElement>> Escalations(HttpClient coordinator, Guid caseId) =>
        (await coordinator.GetAllItems("/api/notifications")).EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "FollowUpEscalated" && n.GetProperty("caseId").GetGuid() == caseId).ToList();

    [DatabaseFact]
    public async Task The_daily_check_flags_first_contacts_past_their_deadline_once()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var userName = await GuideUserName(guide);

        factory.MoveClock(TimeSpan.FromDays(12));
        try
        {
            var first = await factory.SendAsSystem(new FlagOverdueFirstContactsCommand());
            await factory.SendAsSystem(new FlagOverdueFirstContactsCommand());

            first.Should().BeGreaterThan(0);
            var flags = (await (await factory.ClientFor(userName)).GetAllItems("/api/notifications")).EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "FirstContactOverdue" && n.GetProperty("caseId").GetGuid() == caseId).ToList();
            flags.Should().ContainSingle();
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-12));
        }
    }

    [DatabaseFact]
    public async Task Notifications_are_read_by_their_owner_only_and_read_ones_go_last()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var first = await Plan(guide, caseId, "GuideTask", TimeSpan.FromDays(1));
        var second = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(1));
        await factory.SendAsSystem(new FireFollowUpCommand(first));
        await factory.SendAsSystem(new FireFollowUpCommand(second));
        var mine = (await guide.GetAllItems("/api/notifications")).EnumerateArray().ToList();
        var firstId = mine.Single(n => n.GetProperty("followUpId").GetGuid() == first).GetProperty("id").GetGuid();

        (await (await factory.ClientFor("guide1.aarhus")).PostAsync($"/api/notifications/{firstId}/read", null)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await guide.PostAsync($"/api/notifications/{firstId}/read", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var after = (await guide.GetAllItems("/api/notifications")).EnumerateArray().ToList();
        after.Last().GetProperty("id").GetGuid().Should().Be(firstId);
        after.First().GetProperty("readAt").ValueKind.Should().Be(JsonValueKind.Null);
        (await guide.GetAllItems("/api/notifications?unreadOnly=true")).EnumerateArray()
            .Select(n => n.GetProperty("id").GetGuid()).Should().NotContain(firstId);
    }

    [DatabaseFact]
    public async Task The_case_audit_trail_shows_what_happened_to_its_follow_ups_also_a_firing_by_the_scheduler()
    {
        var (caseId, _, guide, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        var followUp = await Plan(guide, caseId, "CheckInCall", TimeSpan.FromDays(14));
        (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeTrue();

        var trail = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/audit?pageSize=200")).GetProperty("items").EnumerateArray().ToList();

        trail.Should().Contain(e => e.GetProperty("action").GetString() == "PlanFollowUp" && e.GetProperty("entityId").GetGuid() == followUp);
        trail.Should().Contain(e => e.GetProperty("action").GetString() == "FireFollowUp" && e.GetProperty("entityId").GetGuid() == followUp);
    }

    private static async Task<Guid> Plan(HttpClient guide, Guid caseId, string kind, TimeSpan ahead)
    {
        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow + ahead, kind, note = "Ring og hør hvordan det gik" });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    private async Task<string> GuideUserName(HttpClient guide)
    {
        var me = (await (await guide.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
        return await factory.WithDatabase(db => db.Users.Where(u => u.Id == me).Select(u => u.UserName!).SingleAsync());
    }
}
