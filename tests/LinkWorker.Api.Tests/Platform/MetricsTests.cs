using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.Notifications.DispatchNotifications;
using LinkWorker.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace LinkWorker.Api.Tests.Platform;

/// <summary>The API with SMS switched on towards a fake gateway, so the outbox metrics have something to count.</summary>
public sealed class MetricsSqliteFactory : SqliteApiFactory
{
    public FakeSmsGateway Sms { get; } = FakeSmsGateway.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => MetricsSettings.For(Sms);

    protected override async Task DropDatabase()
    {
        await Sms.DisposeAsync();
        await base.DropDatabase();
    }
}

public sealed class MetricsPostgresFactory : PostgresApiFactory
{
    public FakeSmsGateway Sms { get; } = FakeSmsGateway.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => MetricsSettings.For(Sms);

    protected override async Task DropDatabase()
    {
        await Sms.DisposeAsync();
        await base.DropDatabase();
    }
}

internal static class MetricsSettings
{
    public static IEnumerable<KeyValuePair<string, string?>> For(FakeSmsGateway sms) =>
    [
        new("Notifications:Sms:Enabled", "true"),
        new("Notifications:Sms:Endpoint", sms.Endpoint.ToString()),
        new("Notifications:Sms:ApiKey", "test-key"),
        // The test dispatches by itself, at the times it chooses.
        new("Notifications:DispatchIntervalSeconds", "3600"),
    ];
}

public sealed class MetricsTests_Sqlite(MetricsSqliteFactory factory) : MetricsTests<MetricsSqliteFactory>(factory)
{
    protected override FakeSmsGateway Sms => Factory.Sms;
}

public sealed class MetricsTests_Postgres(MetricsPostgresFactory factory) : MetricsTests<MetricsPostgresFactory>(factory), IUsesPostgres
{
    protected override FakeSmsGateway Sms => Factory.Sms;
}

/// <summary>
/// A Prometheus scrape through the real pipeline shows the business metrics. The tests of one class share a
/// server, so they compare a scrape before with one after; each server has its own instruments (IMeterFactory),
/// so test classes running beside it in the process do not disturb the numbers.
/// </summary>
public abstract class MetricsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string Path = "/api/admin/metrics";

    protected TFactory Factory => factory;

    protected abstract FakeSmsGateway Sms { get; }

    [DatabaseFact]
    public async Task Only_an_administrators_token_reaches_the_scrape_endpoint()
    {
        (await factory.CreateClient().GetAsync(Path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreach (var user in new[] { "guide1.aarhus", "coordinator.aarhus", "gp.aarhus" })
        {
            var response = await (await factory.ClientFor(user)).GetAsync(Path);
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden, user);
            (await response.Content.ReadAsStringAsync()).Should().NotContain("linkworker_");
        }

        var scrape = await (await factory.ClientFor("admin.aarhus")).GetAsync(Path);
        scrape.StatusCode.Should().Be(HttpStatusCode.OK);
        scrape.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
    }

    [DatabaseFact]
    public async Task Without_a_collector_no_traces_are_recorded()
    {
        (await factory.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        factory.Services.GetService<TracerProvider>().Should().BeNull();
    }

    [DatabaseFact]
    public async Task Referrals_received_and_routed_are_counted_by_sector_once_each()
    {
        var before = await Scrape();
        var gp = await factory.ClientFor("gp.aarhus");
        for (var i = 0; i < 3; i++)
        {
            (await gp.Submit(ReferralBodies.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var replayed = ReferralBodies.Valid();
        var key = Guid.NewGuid().ToString();
        (await gp.Submit(replayed, key)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await gp.Submit(replayed, key)).StatusCode.Should().Be(HttpStatusCode.Created); // a replay is not a new referral
        var selfReferral = ReferralBodies.Valid();
        selfReferral["toTriage"] = true;
        (await (await factory.ClientFor("guide1.aarhus")).Submit(selfReferral)).StatusCode.Should().Be(HttpStatusCode.Created);

        var after = await Scrape();
        var received = Delta(before, after, "linkworker_referrals_received_total", ("municipality", "0751"), ("sector", "GeneralPractice"));
        received.Should().Be(4);
        Delta(before, after, "linkworker_referrals_routed_total", ("sector", "GeneralPractice"), ("routed_to", "guide")).Should().Be(4,
            "postcode 8000 routes to a demo guide");
        Delta(before, after, "linkworker_referrals_received_total", ("sector", "SelfReferral")).Should().Be(1);
        Delta(before, after, "linkworker_referrals_routed_total", ("sector", "SelfReferral"), ("routed_to", "triage")).Should().Be(1);
        after.Should().NotContain("Grethe", "metrics carry no names");
    }

    [DatabaseFact]
    public async Task The_time_to_first_contact_is_measured_once_per_case_in_hours()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var before = await Scrape();

        var attempt = await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true });
        attempt.StatusCode.Should().Be(HttpStatusCode.OK, await attempt.Content.ReadAsStringAsync());
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await Scrape();
        Delta(before, after, "linkworker_cases_time_to_first_contact_hours_count", ("municipality", "0751")).Should().Be(1, "only the first contact counts");
        Delta(before, after, "linkworker_cases_time_to_first_contact_hours_bucket", ("municipality", "0751"), ("le", "4")).Should().Be(1,
            "the contact came within minutes of the referral");
    }

    [DatabaseFact]
    public async Task A_fired_reminder_is_counted_with_its_lag_and_the_outbox_shows_its_backlog_and_failures()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["ContactCitizen", "CheckInMessages"]);
        var planned = await guide.PostAsJsonAsync(
            $"/api/cases/{caseId}/follow-ups", new { dueAt = factory.Clock.GetUtcNow().AddHours(1), kind = "CheckInMessage" });
        planned.StatusCode.Should().Be(HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        var followUp = (await planned.Json()).GetProperty("id").GetGuid();
        var before = await Scrape();

        var moved = TimeSpan.FromHours(1) + TimeSpan.FromSeconds(90);
        factory.MoveClock(moved);
        try
        {
            (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeTrue();
            (await factory.SendAsSystem(new FireFollowUpCommand(followUp))).Should().BeFalse("a second firing changes nothing");
            Sms.FailNext(1);
            await factory.SendAsSystem(new DispatchNotificationsCommand());
        }
        finally
        {
            factory.MoveClock(-moved);
        }

        var after = await Scrape();
        Delta(before, after, "linkworker_reminders_fired_total", ("kind", "CheckInMessage")).Should().Be(1);
        Delta(before, after, "linkworker_reminders_lag_seconds_count", ("kind", "CheckInMessage")).Should().Be(1);
        // 90 s past due, plus the real seconds the running clock moved between planning and firing (more on a busy machine).
        Delta(before, after, "linkworker_reminders_lag_seconds_sum", ("kind", "CheckInMessage")).Should().BeInRange(90, 150);
        Delta(before, after, "linkworker_outbox_send_failures_total", ("channel", "Sms"), ("outcome", "retrying")).Should().Be(1);
        Value(after, "linkworker_outbox_backlog", ("municipality", "0751"), ("channel", "Sms")).Should().Be(1, "the message waits for its retry");

        factory.MoveClock(moved + TimeSpan.FromMinutes(5));
        try
        {
            await factory.SendAsSystem(new DispatchNotificationsCommand());
        }
        finally
        {
            factory.MoveClock(-(moved + TimeSpan.FromMinutes(5)));
        }

        var sent = await Scrape();
        Delta(after, sent, "linkworker_outbox_sent_total", ("channel", "Sms")).Should().Be(1);
        Value(sent, "linkworker_outbox_backlog", ("municipality", "0751"), ("channel", "Sms")).Should().Be(0);
    }

    [DatabaseFact]
    public async Task A_withdrawn_consent_is_counted()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var consent = await guide.RecordConsent(caseId, ["ContactCitizen"]);
        var before = await Scrape();

        var response = await guide.PostAsJsonAsync(
            $"/api/cases/{caseId}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", new { reason = "No more calls, please" });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var refused = await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{Guid.NewGuid()}/withdraw", new { reason = "Wrong id" });
        refused.StatusCode.Should().Be(HttpStatusCode.NotFound);

        Delta(before, await Scrape(), "linkworker_consents_withdrawn_total", ("municipality", "0751")).Should().Be(1, "the refused request counts nothing");
    }

    [DatabaseFact]
    public async Task Another_server_in_the_same_process_has_its_own_counts()
    {
        await using var other = factory.NodeOnSameDatabase();
        var otherAdmin = await other.ClientFor("admin.aarhus");
        var before = await (await otherAdmin.GetAsync(Path)).Content.ReadAsStringAsync();

        (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);

        var after = await (await otherAdmin.GetAsync(Path)).Content.ReadAsStringAsync();
        Delta(before, after, "linkworker_referrals_received_total", ("sector", "GeneralPractice")).Should().Be(0);
    }

    private async Task<string> Scrape()
    {
        var response = await (await factory.ClientFor("admin.aarhus")).GetAsync(Path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Delta(string before, string after, string name, params (string Label, string Value)[] labels) =>
        Value(after, name, labels) - Value(before, name, labels);

    private static double Value(string scrape, string name, params (string Label, string Value)[] labels) =>
        PrometheusText.Value(scrape, name, labels);
}

public sealed class ManagementPortSqliteFactory : SqliteApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => ManagementPortTests<ManagementPortSqliteFactory>.Settings;
}

public sealed class ManagementPortPostgresFactory : PostgresApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => ManagementPortTests<ManagementPortPostgresFactory>.Settings;
}

public sealed class ManagementPortTests_Sqlite(ManagementPortSqliteFactory factory) : ManagementPortTests<ManagementPortSqliteFactory>(factory);

public sealed class ManagementPortTests_Postgres(ManagementPortPostgresFactory factory)
    : ManagementPortTests<ManagementPortPostgresFactory>(factory), IUsesPostgres;

/// <summary>With a management port, the scrape needs no token there and is not served on the public port at all.</summary>
public abstract class ManagementPortTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    public const int Port = 9464;

    internal static IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Telemetry:Prometheus:ManagementPort", Port.ToString(CultureInfo.InvariantCulture)),
        new("Telemetry:Prometheus:Path", "/metrics"),
        // A collector nobody listens on: export failures are the exporter's own business and never fail a request.
        new("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"),
    ];

    [DatabaseFact]
    public async Task With_a_collector_configured_traces_are_recorded()
    {
        (await factory.CreateClient().GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);

        factory.Services.GetService<TracerProvider>().Should().NotBeNull();
    }

    [DatabaseFact]
    public async Task The_scrape_answers_on_the_management_port_without_a_token_and_nowhere_else()
    {
        (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);
        var management = factory.CreateClient();
        management.BaseAddress = new Uri($"http://localhost:{Port}");

        var scrape = await management.GetAsync("/metrics");

        scrape.StatusCode.Should().Be(HttpStatusCode.OK);
        PrometheusText.Value(await scrape.Content.ReadAsStringAsync(), "linkworker_referrals_received_total", ("sector", "GeneralPractice"))
            .Should().BeGreaterThanOrEqualTo(1);
        (await factory.CreateClient().GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var admin = await factory.ClientFor("admin.aarhus");
        (await admin.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the public port does not serve the scrape");
        (await admin.GetAsync("/api/admin/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}

/// <summary>Reads samples from the Prometheus text format.</summary>
internal static class PrometheusText
{
    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static double Value(string scrape, string name, params (string Label, string Value)[] labels) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(line => labels.All(l => line.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(line =>
            {
                var end = line.LastIndexOf('}');
                var rest = end >= 0 ? line[(end + 1)..] : line[name.Length..];
                return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            });
}
