using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Auditing;
using LinkWorker.Domain.Idempotency;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Referrals;

public sealed class ReferralIntakeTests_Sqlite(SqliteApiFactory factory) : ReferralIntakeTests<SqliteApiFactory>(factory);

public sealed class ReferralIntakeTests_Postgres(PostgresApiFactory factory) : ReferralIntakeTests<PostgresApiFactory>(factory), IUsesPostgres;

public abstract class ReferralIntakeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private static readonly JsonSerializerOptions ApiJson = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    [DatabaseFact]
    public async Task Referrer_submits_a_referral_and_reads_its_status()
    {
        var client = await factory.ClientFor("gp.aarhus");

        var response = await client.Submit(ReferralBodies.Valid(name: "Else Submit"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await response.Json();
        var referralId = created.GetProperty("referralId").GetGuid();
        created.GetProperty("caseId").GetGuid().Should().NotBeEmpty();
        created.GetProperty("status").GetString().Should().Be("Assigned", "postcode 8000 routes to a demo guide");
        created.GetProperty("assignedGuideId").GetGuid().Should().NotBeEmpty();
        created.GetProperty("attachedToExistingCase").GetBoolean().Should().BeFalse();
        response.Headers.Location!.ToString().Should().Be($"/api/referrals/{referralId}");

        var view = await (await client.GetAsync($"/api/referrals/{referralId}")).Json();
        view.GetProperty("status").GetString().Should().Be("Assigned");
        view.GetProperty("citizenName").GetString().Should().Be("Else Submit");
        view.GetProperty("sector").GetString().Should().Be("GeneralPractice");
        view.GetProperty("organisationName").GetString().Should().Be("Lægerne i Trøjborg");
    }

    [DatabaseFact]
    public async Task Retry_with_the_same_key_returns_the_stored_response_and_creates_nothing_new()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        var key = Guid.NewGuid().ToString();

        var first = await client.Submit(body, key);
        var second = await client.Submit(body, $"\"{key}\"");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await second.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        second.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        var referralId = (await first.Json()).GetProperty("referralId").GetGuid();
        var cpr = body["citizen"]!["cprNumber"]!.GetValue<string>();
        var (referrals, citizens) = await factory.WithDatabase(async db => (
            await db.Referrals.IgnoreQueryFilters().CountAsync(r => r.CitizenId == db.CitizensWithCprNumber(cpr).IgnoreQueryFilters().Single().Id),
            await db.CitizensWithCprNumber(cpr).IgnoreQueryFilters().CountAsync()));
        referrals.Should().Be(1);
        citizens.Should().Be(1);
        referralId.Should().NotBeEmpty();
    }

    [DatabaseFact]
    public async Task The_same_key_with_another_body_is_refused_with_422()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var key = Guid.NewGuid().ToString();
        (await client.Submit(ReferralBodies.Valid(), key)).StatusCode.Should().Be(HttpStatusCode.Created);

        var reuse = await client.Submit(ReferralBodies.Valid(), key);

        reuse.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await reuse.Json()).GetProperty("type").GetString().Should().EndWith("/idempotency-key-reused");
    }

    [DatabaseFact]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var key = Guid.NewGuid().ToString();
        var gp = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid(), key)).Json();
        var homeCare = await (await factory.ClientFor("homecare.aarhus")).Submit(ReferralBodies.Valid(), key);

        homeCare.StatusCode.Should().Be(HttpStatusCode.Created);
        (await homeCare.Json()).GetProperty("referralId").GetGuid().Should().NotBe(gp.GetProperty("referralId").GetGuid());
    }

    [DatabaseFact]
    public async Task The_same_key_while_the_first_request_is_in_flight_is_refused_with_409()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var me = await (await client.GetAsync("/api/me")).Json();
        var body = ReferralBodies.Valid();
        var key = Guid.NewGuid().ToString();

        // The first request has claimed the key and not finished yet: that is exactly this row.
        var hash = Application.Common.Behaviours.IdempotencyHashing.HashOf(
            JsonSerializer.Deserialize<Application.Referrals.SubmitReferral.SubmitReferralCommand>(body.ToJsonString(), ApiJson)!);
        await factory.WithDatabase(async db =>
        {
            var now = factory.Clock.GetUtcNow();
            db.IdempotencyRecords.Add(new IdempotencyRecord(
                Guid.NewGuid(), $"{me.GetProperty("id").GetGuid():N}:SubmitReferralCommand", key, hash, now, now.AddHours(24)));
            return await db.SaveChangesAsync();
        });

        var response = await client.Submit(body, key);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Json()).GetProperty("type").GetString().Should().EndWith("/idempotency-request-in-flight");
    }

    [DatabaseFact]
    public async Task A_failed_request_frees_its_key_for_a_corrected_retry()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var key = Guid.NewGuid().ToString();
        var withoutConsent = ReferralBodies.Valid();
        withoutConsent["consent"]!["given"] = false; // refused by the handler, after the key was claimed

        (await client.Submit(withoutConsent, key)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var corrected = await client.Submit(ReferralBodies.Valid(), key);

        corrected.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [DatabaseFact]
    public async Task A_second_referral_for_the_same_citizen_attaches_to_the_open_case()
    {
        var cpr = ReferralBodies.NewCpr();
        var first = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid(cpr))).Json();

        var response = await (await factory.ClientFor("jobcentre.aarhus")).Submit(ReferralBodies.Valid(cpr));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var second = await response.Json();
        second.GetProperty("caseId").GetGuid().Should().Be(first.GetProperty("caseId").GetGuid());
        second.GetProperty("referralId").GetGuid().Should().NotBe(first.GetProperty("referralId").GetGuid());
        second.GetProperty("attachedToExistingCase").GetBoolean().Should().BeTrue();
        var cases = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().CountAsync(c => c.Id == first.GetProperty("caseId").GetGuid()));
        cases.Should().Be(1);
    }

    [DatabaseFact]
    public async Task A_citizen_without_cpr_is_recognised_by_name_and_date_of_birth()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid(name: "Nadia Without Cpr");
        body["citizen"]!["cprNumber"] = null;
        body["citizen"]!["dateOfBirth"] = "1961-04-12";

        var first = await (await client.Submit(body)).Json();
        var second = await (await client.Submit(JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(body.ToJsonString())!)).Json();

        second.GetProperty("caseId").GetGuid().Should().Be(first.GetProperty("caseId").GetGuid());
    }

    [DatabaseFact]
    public async Task A_missing_consent_is_reported_in_the_same_400_as_the_other_bad_fields()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        body.Remove("consent");
        body["reason"] = "";

        var response = await client.Submit(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain(["consent", "reason"]);
    }

    [DatabaseFact]
    public async Task A_burst_of_one_request_with_one_key_creates_one_referral_replays_it_and_logs_no_error()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        var key = Guid.NewGuid().ToString();
        var linesBefore = factory.Logs.Lines.Count;

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => client.Submit(JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(body.ToJsonString())!, key))));

        // The losers' saves hit the winner's unique rows (its key's record, its citizen); each does the request once
        // more and replays the winner's answer (ADR 0035): no 409, one referral.
        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created);
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Json()).GetProperty("referralId").GetGuid()));
        ids.Distinct().Should().ContainSingle();
        answers.Count(a => a.Headers.Contains("Idempotent-Replayed")).Should().Be(answers.Length - 1);
        factory.Logs.Lines.Skip(linesBefore).Should().NotContain(l => l.StartsWith("Error", StringComparison.Ordinal),
            "losing an idempotency race is an expected outcome, not an error");
        factory.Logs.Lines.Skip(linesBefore).Should().Contain(l => l.Contains("HTTP POST /api/referrals/ answered 201", StringComparison.Ordinal)
            && !l.Contains(body["citizen"]!["cprNumber"]!.GetValue<string>(), StringComparison.Ordinal), "one line per request, without personal data");
    }

    [DatabaseFact]
    public async Task Referrals_of_one_new_citizen_sent_at_once_with_different_keys_give_one_citizen_and_one_case()
    {
        // Each reads "no such citizen" before any of them writes; the saves that lose the race on the citizen's
        // unique index are done once more and attach to the winner's case (ADR 0035), instead of answering 409.
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        var cpr = body["citizen"]!["cprNumber"]!.GetValue<string>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => client.Submit(JsonSerializer.Deserialize<System.Text.Json.Nodes.JsonObject>(body.ToJsonString())!, Guid.NewGuid().ToString()))));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created);
        var created = await Task.WhenAll(answers.Select(async a => await a.Json()));
        created.Select(c => c.GetProperty("referralId").GetGuid()).Distinct().Should().HaveCount(6);
        created.Select(c => c.GetProperty("caseId").GetGuid()).Distinct().Should().ContainSingle();
        created.Count(c => !c.GetProperty("attachedToExistingCase").GetBoolean()).Should().Be(1);
        (await factory.WithDatabase(db => db.CitizensWithCprNumber(cpr).IgnoreQueryFilters().CountAsync())).Should().Be(1);
    }

    [DatabaseFact]
    public async Task A_referral_whose_consent_was_not_given_is_refused_and_nothing_is_stored()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        body["consent"]!["given"] = false;

        var response = await client.Submit(body);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Json();
        problem.GetProperty("type").GetString().Should().Be("https://linkworker.dk/problems/consent-required");
        problem.GetProperty("detail").GetString().Should().Contain("consent");
        var cpr = body["citizen"]!["cprNumber"]!.GetValue<string>();
        (await factory.WithDatabase(db => db.CitizensWithCprNumber(cpr).IgnoreQueryFilters().AnyAsync())).Should().BeFalse();
    }

    [DatabaseTheory]
    [InlineData("3213991234")] // no 32nd of December
    [InlineData("290201-1234")] // 2001 was not a leap year (7th digit 1 → 1900s: 1901, not leap either)
    [InlineData("12345")]
    [InlineData("abcdefghij")]
    public async Task A_bad_cpr_number_is_refused_naming_the_field(string cpr)
    {
        var client = await factory.ClientFor("gp.aarhus");

        var response = await client.Submit(ReferralBodies.Valid(cpr));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Json();
        problem.GetProperty("errors").GetProperty("citizen.cprNumber").GetArrayLength().Should().Be(1);
        (await response.Content.ReadAsStringAsync()).Should().NotContain(cpr, "the problem names the field, never echoes the number");
    }

    [DatabaseFact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        body["reason"] = "";
        body["lifeArenas"] = new System.Text.Json.Nodes.JsonArray();
        body["citizen"]!["address"]!["postcode"] = "80000";
        body["consent"]!["method"] = null;

        var problem = await (await client.Submit(body)).Json();

        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo("reason", "lifeArenas", "citizen.address.postcode", "consent.method");
        problem.GetProperty("correlationId").GetString().Should().NotBeNullOrEmpty();
    }

    [DatabaseFact]
    public async Task An_unknown_field_is_refused_naming_it()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        body["favouriteColour"] = "blue";

        var response = await client.Submit(body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").TryGetProperty("favouriteColour", out _).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var body = ReferralBodies.Valid();
        body["reason"] = new string('x', 300_000);

        var response = await client.Submit(body);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await response.Json()).GetProperty("type").GetString().Should().EndWith("/payload-too-large");
    }

    [DatabaseFact]
    public async Task The_cpr_number_is_never_returned_to_the_referrer_nor_logged()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var cpr = ReferralBodies.NewCpr();

        var created = await client.Submit(ReferralBodies.Valid(cpr, name: "Secret Person"));
        var id = (await created.Json()).GetProperty("referralId").GetGuid();
        var single = await client.GetStringAsync($"/api/referrals/{id}");
        var list = await client.GetStringAsync("/api/referrals?pageSize=200");
        await client.Submit(ReferralBodies.Valid(cpr + "9")); // a bad one too: its error path must not log it either

        (await created.Content.ReadAsStringAsync()).Should().NotContain(cpr);
        single.Should().NotContain(cpr);
        list.Should().NotContain(cpr);
        factory.Logs.Lines.Should().NotContain(line => line.Contains(cpr) || line.Contains("Secret Person"));
    }

    [DatabaseFact]
    public async Task An_anonymous_caller_gets_401_problem_details()
    {
        var response = await factory.CreateClient().Submit(ReferralBodies.Valid());

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [DatabaseTheory]
    [InlineData("admin.aarhus", "POST")]
    [InlineData("guide1.aarhus", "LIST")]
    [InlineData("admin.aarhus", "LIST")]
    public async Task A_role_that_may_not_gets_403(string user, string action)
    {
        var client = await factory.ClientFor(user);

        var response = action == "POST" ? await client.Submit(ReferralBodies.Valid()) : await client.GetAsync("/api/referrals");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Json()).GetProperty("type").GetString().Should().EndWith("/forbidden");
    }

    [DatabaseFact]
    public async Task Another_municipality_cannot_see_the_referral()
    {
        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid())).Json();
        var id = created.GetProperty("referralId").GetGuid();

        var odsherred = await factory.ClientFor("coordinator.odsherred");
        var response = await odsherred.GetAsync($"/api/referrals/{id}");
        var list = await odsherred.GetStringAsync("/api/referrals?pageSize=200");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.Should().NotContain(id.ToString());
        (await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/referrals/{id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task A_referrer_cannot_read_another_referrers_referral()
    {
        var created = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid())).Json();
        var id = created.GetProperty("referralId").GetGuid();

        var other = await factory.ClientFor("homecare.aarhus");
        var response = await other.GetAsync($"/api/referrals/{id}");
        var list = await other.GetStringAsync("/api/referrals?pageSize=200");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.Should().NotContain(id.ToString());
    }

    [DatabaseFact]
    public async Task A_referrer_lists_only_their_own_and_a_coordinator_the_whole_municipality()
    {
        var gp = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid())).Json();
        var homeCare = await (await (await factory.ClientFor("homecare.aarhus")).Submit(ReferralBodies.Valid())).Json();

        var gpList = await (await factory.ClientFor("gp.aarhus")).GetFromJsonAsync<JsonElement>("/api/referrals?pageSize=200");
        var coordinatorList = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>("/api/referrals?pageSize=200&status=Assigned");

        var gpIds = gpList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        gpIds.Should().Contain(gp.GetProperty("referralId").GetGuid()).And.NotContain(homeCare.GetProperty("referralId").GetGuid());
        var allIds = coordinatorList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        allIds.Should().Contain([gp.GetProperty("referralId").GetGuid(), homeCare.GetProperty("referralId").GetGuid()]);
        coordinatorList.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("receivedAt").GetDateTimeOffset())
            .Should().BeInDescendingOrder();
    }

    [DatabaseFact]
    public async Task Every_read_and_write_of_citizen_data_leaves_an_audit_row()
    {
        var gp = await factory.ClientFor("gp.aarhus");
        var me = (await (await gp.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
        var created = await (await gp.Submit(ReferralBodies.Valid())).Json();
        var id = created.GetProperty("referralId").GetGuid();

        var read = await gp.GetAsync($"/api/referrals/{id}");
        var correlationId = read.Headers.GetValues("X-Correlation-Id").Single();
        await gp.GetAsync("/api/referrals?pageSize=200");
        await (await factory.ClientFor("homecare.aarhus")).GetAsync($"/api/referrals/{id}"); // denied: not theirs

        var rows = await factory.WithDatabase(db => db.AuditEntries.Where(a => a.EntityId == id).ToListAsync());
        rows.Should().Contain(a => a.Action == "SubmitReferral" && a.UserId == me && a.Outcome == "Succeeded" && a.MunicipalityCode == "0751");
        rows.Should().Contain(a => a.Action == "GetReferral" && a.UserId == me && a.Roles == "Referrer" && a.CorrelationId == correlationId);
        var listed = await factory.WithDatabase(db => (
            from subject in db.AuditEntrySubjects
            join entry in db.AuditEntries on subject.AuditEntryId equals entry.Id
            where subject.EntityId == id
            select entry).ToListAsync());
        listed.Should().Contain(a => a.Action == "ListReferrals" && a.UserId == me, "a list read is one entry naming what it showed");
        var denied = await factory.WithDatabase(db => db.AuditEntries.Where(a => a.Action == "GetReferral" && a.Outcome == "Denied").ToListAsync());
        denied.Should().NotBeEmpty();
    }

    [DatabaseFact]
    public async Task Audit_rows_cannot_be_changed_or_deleted()
    {
        await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid());

        var update = () => factory.WithDatabase(db => db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(a => a.Action, "Tampered")));
        var delete = () => factory.WithDatabase(db => db.AuditEntries.ExecuteDeleteAsync());

        await update.Should().ThrowAsync<Exception>();
        await delete.Should().ThrowAsync<Exception>();
        (await factory.WithDatabase(db => db.AuditEntries.CountAsync(a => a.Action == "Tampered"))).Should().Be(0);
    }
}
