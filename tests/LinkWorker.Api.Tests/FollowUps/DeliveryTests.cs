using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.Notifications.DispatchNotifications;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.FollowUps;

/// <summary>The API with e-mail and SMS switched on, pointed at a tiny SMTP server and an SMS endpoint in the test.</summary>
public sealed class ChannelsApiFactory : SqliteApiFactory
{
    public FakeSmtpServer Smtp { get; } = FakeSmtpServer.Start();

    public FakeSmsGateway Sms { get; } = FakeSmsGateway.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Notifications:Email:Enabled", "true"),
        new("Notifications:Email:Host", Smtp.Host),
        new("Notifications:Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Notifications:Email:From", "guide@aarhus.example.dk"),
        new("Notifications:Sms:Enabled", "true"),
        new("Notifications:Sms:Endpoint", Sms.Endpoint.ToString()),
        new("Notifications:Sms:ApiKey", "test-key"),
        // The test dispatches by itself, at the times it chooses.
        new("Notifications:DispatchIntervalSeconds", "3600"),
    ];

    protected override async Task DropDatabase()
    {
        await Smtp.DisposeAsync();
        await Sms.DisposeAsync();
        await base.DropDatabase();
    }
}

public sealed class DeliveryTests(ChannelsApiFactory factory) : IClassFixture<ChannelsApiFactory>
{
    [Fact]
    public async Task A_check_in_message_reaches_the_citizen_by_sms_and_email_once()
    {
        var (caseId, followUp, phone) = await DueCheckInMessage();

        await factory.SendAsSystem(new FireFollowUpCommand(followUp));
        await factory.SendAsSystem(new FireFollowUpCommand(followUp));
        await factory.SendAsSystem(new DispatchNotificationsCommand());
        await factory.SendAsSystem(new DispatchNotificationsCommand());

        var sms = factory.Sms.Requests.Where(r => r.Text!.Contains("fællesskabsguide", StringComparison.Ordinal) && r.To == phone).ToList();
        sms.Should().ContainSingle();
        sms[0].Authorization.Should().Be("Bearer test-key");
        var mail = factory.Smtp.Messages.Where(m => m.Recipients.Contains($"{phone[1..]}@example.dk")).ToList();
        mail.Should().ContainSingle().Which.Subject.Should().Be("Hilsen fra din fællesskabsguide");
        (await factory.WithDatabase(db => db.Notifications.IgnoreQueryFilters().CountAsync(n => n.CaseId == caseId && n.Channel != Domain.Notifications.NotificationChannel.InApp)))
            .Should().Be(2, "one per channel, however often the reminder fired");
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_after_its_back_off_and_then_sent()
    {
        var (_, followUp, phone) = await DueCheckInMessage();
        factory.Sms.FailNext(1);
        await factory.SendAsSystem(new FireFollowUpCommand(followUp));

        await factory.SendAsSystem(new DispatchNotificationsCommand());
        var admin = await factory.ClientFor("admin.aarhus");
        var afterFailure = (await admin.GetAllItems("/api/admin/outbox")).EnumerateArray()
            .Single(e => e.GetProperty("followUpId").GetGuid() == followUp && e.GetProperty("channel").GetString() == "Sms");
        await factory.SendAsSystem(new DispatchNotificationsCommand()); // too early: backing off
        var smsBefore = factory.Sms.Requests.Count;

        factory.MoveClock(TimeSpan.FromMinutes(1));
        try
        {
            await factory.SendAsSystem(new DispatchNotificationsCommand());
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromMinutes(-1));
        }

        afterFailure.GetProperty("status").GetString().Should().Be("Pending");
        afterFailure.GetProperty("attempts").GetInt32().Should().Be(1);
        afterFailure.GetProperty("lastError").GetString().Should().Be("HTTP 500");
        factory.Sms.Requests.Count.Should().Be(smsBefore + 1);
        var sent = (await (await factory.ClientFor("admin.aarhus")).GetAllItems("/api/admin/outbox")).EnumerateArray()
            .Single(e => e.GetProperty("followUpId").GetGuid() == followUp && e.GetProperty("channel").GetString() == "Sms");
        sent.GetProperty("status").GetString().Should().Be("Sent");
        sent.GetProperty("attempts").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_ends_as_failed_for_administrators_who_can_retry_it()
    {
        var (_, followUp, phone) = await DueCheckInMessage();
        factory.Smtp.RejectNext(6);
        await factory.SendAsSystem(new FireFollowUpCommand(followUp));
        var moved = TimeSpan.Zero;
        try
        {
            for (var attempt = 0; attempt < 6; attempt++)
            {
                await factory.SendAsSystem(new DispatchNotificationsCommand());
                factory.MoveClock(TimeSpan.FromHours(3));
                moved += TimeSpan.FromHours(3);
            }
        }
        finally
        {
            factory.MoveClock(-moved);
        }

        var admin = await factory.ClientFor("admin.aarhus");
        var failed = (await admin.GetAllItems("/api/admin/outbox?status=Failed")).EnumerateArray()
            .Single(e => e.GetProperty("followUpId").GetGuid() == followUp);
        failed.GetProperty("channel").GetString().Should().Be("Email");
        failed.GetProperty("attempts").GetInt32().Should().Be(6);
        failed.GetProperty("lastError").GetString().Should().StartWith("SMTP");
        JsonSerializer.Serialize(failed).Should().NotContain(phone[1..], "the operations view shows no addresses");

        (await admin.PostAsync($"/api/admin/outbox/{failed.GetProperty("id").GetGuid()}/retry", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var failedId = failed.GetProperty("id").GetGuid();
        (await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "RetryNotification" && a.EntityId == failedId)))
            .Should().Be(1, "a retry is audited");
        await factory.SendAsSystem(new DispatchNotificationsCommand());
        var address = $"{phone[1..]}@example.dk";
        factory.Smtp.Messages.Should().Contain(m => m.Recipients.Contains(address));
        (await (await factory.ClientFor("guide1.aarhus")).GetAsync("/api/admin/outbox")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<(Guid CaseId, Guid FollowUpId, string Phone)> DueCheckInMessage()
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
        await guide.RecordConsent(caseId, ["ContactCitizen", "CheckInMessages"]);
        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddDays(1), kind = "CheckInMessage" });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (caseId, (await response.Json()).GetProperty("id").GetGuid(), phone);
    }
}
