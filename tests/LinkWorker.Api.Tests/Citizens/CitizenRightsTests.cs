using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Citizens;

public sealed class CitizenRightsTests_Sqlite(SqliteApiFactory factory) : CitizenRightsTests<SqliteApiFactory>(factory);

public sealed class CitizenRightsTests_Postgres(PostgresApiFactory factory) : CitizenRightsTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The citizen's rights through the API (issue 16, ADR 27): access (everything held, every read of it), rectification
/// keeping the earlier value, erasure and restriction on request with a second coordinator's approval. All audited,
/// the audit chain stays valid.
/// </summary>
public abstract class CitizenRightsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task The_access_record_holds_everything_and_every_read_including_itself()
    {
        var (caseId, guide, coordinator, citizenId) = await NewCase();
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("We talked about the choir."))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await guide.GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.OK);

        var first = await AccessRecord(coordinator, citizenId);
        first.GetProperty("citizen").GetProperty("name").GetString().Should().Be("Grethe Test");
        first.GetProperty("citizen").GetProperty("cprNumber").GetString().Should().HaveLength(10);
        var @case = first.GetProperty("cases").EnumerateArray().Should().ContainSingle().Subject;
        @case.GetProperty("referrals")[0].GetProperty("reason").GetString().Should().Contain("retiring");
        @case.GetProperty("consents").EnumerateArray().Select(c => c.GetProperty("scopes")[0].GetString())
            .Should().Contain(["ContactCitizen", "StoreConversationNotes"], "the referral's consent and the guide's, with their history");
        @case.GetProperty("conversations")[0].GetProperty("summary").GetString().Should().Be("We talked about the choir.");
        foreach (var part in (string[])["measurements", "matches", "followUps", "notifications", "contactAttempts", "routing"])
        {
            @case.TryGetProperty(part, out _).Should().BeTrue(part);
        }

        var log = first.GetProperty("accessLog").EnumerateArray().ToList();
        log.Should().Contain(e => e.GetProperty("action").GetString() == "GetCase" && e.GetProperty("roles").GetString() == "Guide"
            && e.GetProperty("who").GetString() == "Test user", "the guide's read of the case is listed, by name");
        log.Should().Contain(e => e.GetProperty("action").GetString() == "LogConversation");
        log.Should().Contain(e => e.GetProperty("action").GetString() == "SubmitReferral");

        var second = await AccessRecord(coordinator, citizenId);
        second.GetProperty("accessLog").EnumerateArray()
            .Should().Contain(e => e.GetProperty("action").GetString() == "GetAccessRecord" && e.GetProperty("entityType").GetString() == "Citizen",
                "producing the record is itself a read of the citizen's data");
    }

    [DatabaseFact]
    public async Task Only_a_coordinator_of_the_citizens_municipality_produces_it()
    {
        var (_, guide, _, citizenId) = await NewCase();
        (await guide.GetAsync($"/api/citizens/{citizenId}/access-record")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await factory.ClientFor("gp.aarhus")).GetAsync($"/api/citizens/{citizenId}/access-record")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.CreateClient().GetAsync($"/api/citizens/{citizenId}/access-record")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var odsherred = await factory.ClientFor("coordinator.odsherred");
        (await odsherred.GetAsync($"/api/citizens/{citizenId}/access-record")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await odsherred.PostAsJsonAsync($"/api/citizens/{citizenId}/rectifications", new { phone = "+4511111111", reason = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await odsherred.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { kind = "Restriction", reason = "x" }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/citizens/{Guid.NewGuid()}/access-record"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Rectification_keeps_the_earlier_value_and_bad_fields_are_each_named()
    {
        var (_, _, coordinator, citizenId) = await NewCase();
        var bad = await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rectifications", new { name = " ", email = "not-an-address", postcode = "12" });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await bad.Json()).GetProperty("errors");
        foreach (var field in (string[])["reason", "name", "email", "postcode"])
        {
            errors.TryGetProperty(field, out _).Should().BeTrue(field);
        }

        var fixedPhone = await coordinator.PostAsJsonAsync(
            $"/api/citizens/{citizenId}/rectifications", new { phone = "+4587654321", name = "Grethe Testesen", reason = "The citizen called with her new number." });
        fixedPhone.StatusCode.Should().Be(HttpStatusCode.OK, await fixedPhone.Content.ReadAsStringAsync());
        var changes = (await fixedPhone.Json()).EnumerateArray().ToList();
        changes.Should().HaveCount(2);
        changes.Should().Contain(c => c.GetProperty("field").GetString() == "phone"
            && c.GetProperty("oldValue").GetString() == "+4512345678" && c.GetProperty("newValue").GetString() == "+4587654321");

        var record = await AccessRecord(coordinator, citizenId);
        record.GetProperty("citizen").GetProperty("phone").GetString().Should().Be("+4587654321");
        record.GetProperty("citizen").GetProperty("name").GetString().Should().Be("Grethe Testesen");
        record.GetProperty("rectifications").EnumerateArray().Select(r => r.GetProperty("oldValue").GetString())
            .Should().BeEquivalentTo(["+4512345678", "Grethe Test"]);
        (await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rectifications", new { phone = "+4587654321", reason = "Again" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "a correction that changes nothing is refused");
    }

    [DatabaseFact]
    public async Task Erasure_on_request_needs_a_closed_case_a_reason_and_a_second_coordinator()
    {
        var (caseId, guide, coordinator, citizenId) = await NewCase();
        var noReason = await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { kind = "Erasure" });
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Json()).GetProperty("errors").TryGetProperty("reason", out _).Should().BeTrue();
        (await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { reason = "Art. 17" }))
            .StatusCode.Should().Be(HttpStatusCode.BadRequest, "the kind is required");
        (await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { kind = "Erasure", reason = "Art. 17(1)(b)" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "an open case is work in progress: the law does not require erasing it");

        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Declined", note = "She wants nothing kept." })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await guide.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { kind = "Erasure", reason = "Art. 17" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "a guide files no requests");
        var filed = await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests",
            new { kind = "Erasure", reason = "GDPR art. 17(1)(b): the citizen withdrew her consent and asked for erasure by letter." });
        filed.StatusCode.Should().Be(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        var requestId = (await filed.Json()).GetProperty("id").GetGuid();

        (await coordinator.PostAsJsonAsync($"/api/rights-requests/{requestId}/decision", new { approve = true }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "the coordinator who filed it cannot approve it");
        (await AccessRecord(coordinator, citizenId)).GetProperty("citizen").GetProperty("name").GetString().Should().Be("Grethe Test");

        var second = await factory.ClientFor(await factory.CreateUser("Coordinator"));
        var pending = await second.GetFromJsonAsync<JsonElement>("/api/rights-requests");
        pending.EnumerateArray().Should().Contain(r => r.GetProperty("id").GetGuid() == requestId);
        var rejectWithoutNote = await second.PostAsJsonAsync($"/api/rights-requests/{requestId}/decision", new { approve = false });
        (await rejectWithoutNote.Json()).GetProperty("errors").TryGetProperty("note", out _).Should().BeTrue();
        var approved = await second.PostAsJsonAsync($"/api/rights-requests/{requestId}/decision", new { approve = true, note = "Checked: no legal duty to keep it." });
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        (await approved.Json()).GetProperty("status").GetString().Should().Be("Approved");

        var record = await AccessRecord(coordinator, citizenId);
        var citizen = record.GetProperty("citizen");
        citizen.GetProperty("name").GetString().Should().BeEmpty();
        citizen.GetProperty("cprNumber").ValueKind.Should().Be(JsonValueKind.Null);
        citizen.GetProperty("phone").ValueKind.Should().Be(JsonValueKind.Null);
        citizen.GetProperty("erasedAt").ValueKind.Should().Be(JsonValueKind.String);
        var @case = record.GetProperty("cases")[0];
        @case.GetProperty("closureNote").ValueKind.Should().Be(JsonValueKind.Null);
        @case.GetProperty("closureReason").GetString().Should().Be("Declined", "the de-identified facts stay");
        @case.GetProperty("referrals")[0].GetProperty("reason").GetString().Should().BeEmpty();
        record.GetProperty("rightsRequests")[0].GetProperty("status").GetString().Should().Be("Approved");
        record.GetProperty("accessLog").EnumerateArray().Should().Contain(e =>
            e.GetProperty("action").GetString() == "DecideRightsRequest" && e.GetProperty("entityId").GetGuid() == citizenId);
        (await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "DecideRightsRequest" && a.Outcome == "Denied")))
            .Should().BeGreaterThan(0, "the refused self-approval is audited");

        (await second.PostAsJsonAsync($"/api/rights-requests/{requestId}/decision", new { approve = true }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "a request is decided once");
        await AuditChainIntact();
    }

    [DatabaseFact]
    public async Task A_restricted_citizens_case_records_nothing_new_until_the_restriction_is_lifted()
    {
        var (caseId, guide, coordinator, citizenId) = await NewCase();
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        var second = await factory.ClientFor(await factory.CreateUser("Coordinator"));
        var checkIn = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddDays(7), kind = "CheckInCall" });
        checkIn.StatusCode.Should().Be(HttpStatusCode.Created, await checkIn.Content.ReadAsStringAsync());

        await Decide(second, await File(coordinator, citizenId, "Restriction"));
        var refused = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("Should not be stored"));
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Json()).GetProperty("detail").GetString().Should().Contain("restricted");

        // Nothing planned about the citizen goes ahead, and nothing new is planned.
        var planned = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/follow-ups"))[0];
        planned.GetProperty("status").GetString().Should().Be("Cancelled", "a check-in would process the citizen's data");
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddDays(7), kind = "CheckInCall" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await AccessRecord(coordinator, citizenId)).GetProperty("citizen").GetProperty("restrictedAt").ValueKind.Should().Be(JsonValueKind.String);

        // Lifting is as much a decision: filed by one, approved by another (here the other way round).
        await Decide(coordinator, await File(second, citizenId, "LiftRestriction"));
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("Now it is stored"))).StatusCode.Should().Be(HttpStatusCode.Created);
        await AuditChainIntact();
    }

    private static async Task<Guid> File(HttpClient coordinator, Guid citizenId, string kind)
    {
        var response = await coordinator.PostAsJsonAsync($"/api/citizens/{citizenId}/rights-requests", new { kind, reason = "GDPR art. 18(1)(a): the citizen disputes the notes." });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("id").GetGuid();
    }

    private static async Task Decide(HttpClient coordinator, Guid requestId)
    {
        var response = await coordinator.PostAsJsonAsync($"/api/rights-requests/{requestId}/decision", new { approve = true });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<(Guid CaseId, HttpClient Guide, HttpClient Coordinator, Guid CitizenId)> NewCase()
    {
        var (caseId, _, guide, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        var citizenId = (await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("citizen").GetProperty("id").GetGuid();
        return (caseId, guide, coordinator, citizenId);
    }

    private static async Task<JsonElement> AccessRecord(HttpClient coordinator, Guid citizenId)
    {
        var response = await coordinator.GetAsync($"/api/citizens/{citizenId}/access-record");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private async Task AuditChainIntact()
    {
        var verdict = await (await factory.ClientFor("admin.aarhus")).GetFromJsonAsync<JsonElement>("/api/admin/audit/verify");
        verdict.GetProperty("intact").GetBoolean().Should().BeTrue();
    }

    private static object Conversation(string summary) => new
    {
        conversation = new
        {
            mode = "HomeVisit",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            durationMinutes = 60,
            summary,
            topics = new[] { "LeisureAndCommunities" },
        },
    };
}
