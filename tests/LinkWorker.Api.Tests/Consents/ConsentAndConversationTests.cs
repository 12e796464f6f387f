using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Consents;

public sealed class ConsentAndConversationTests_Sqlite(SqliteApiFactory factory) : ConsentAndConversationTests<SqliteApiFactory>(factory);

public sealed class ConsentAndConversationTests_Postgres(PostgresApiFactory factory) : ConsentAndConversationTests<PostgresApiFactory>(factory), IUsesPostgres;

public abstract class ConsentAndConversationTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private static object Conversation(string summary = "We talked about her week and the choir in Viby.") => new
    {
        conversation = new
        {
            mode = "HomeVisit",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            durationMinutes = 60,
            summary,
            topics = new[] { "LeisureAndCommunities" },
            citizensView = "Misses singing with others.",
            agreedNextSteps = "Go along to the choir on Thursday.",
        },
    };

    [DatabaseTheory]
    [InlineData("ContactCitizen")]
    [InlineData("StoreConversationNotes")]
    [InlineData("MeasureOutcomes")]
    [InlineData("ShareWithPartner")]
    [InlineData("ShareStatusWithReferrer")]
    [InlineData("CheckInMessages")]
    public async Task Each_scope_allows_exactly_its_own_actions(string scope)
    {
        var (caseId, referralId, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, [scope]);
        await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true });

        var conversation = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation());
        var referrerSees = (await (await factory.ClientFor("gp.aarhus")).GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}"))
            .GetProperty("status").GetString();

        conversation.StatusCode.Should().Be(scope == "StoreConversationNotes" ? HttpStatusCode.Created : HttpStatusCode.Conflict);
        referrerSees.Should().Be(
            scope == "ShareStatusWithReferrer" ? "Contacted" : "Assigned",
            "the referrer follows progress beyond 'assigned' only with the status scope");
    }

    [DatabaseFact]
    public async Task Without_a_notes_consent_a_conversation_is_refused_with_a_consent_problem()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);

        var response = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation());

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.Json();
        problem.GetProperty("type").GetString().Should().Be("https://linkworker.dk/problems/consent-required");
        problem.GetProperty("missingScope").GetString().Should().Be("StoreConversationNotes");
        (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/conversations")).GetArrayLength().Should().Be(0, "nothing was stored");
    }

    [DatabaseFact]
    public async Task The_first_conversation_makes_the_case_active()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);

        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).StatusCode.Should().Be(HttpStatusCode.Created);

        var @case = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        @case.GetProperty("status").GetString().Should().Be("Active");
        @case.GetProperty("firstContactAt").ValueKind.Should().NotBe(JsonValueKind.Null);
        @case.GetProperty("conversations").GetArrayLength().Should().Be(1);
        @case.GetProperty("consents").GetProperty("activeScopes").EnumerateArray().Select(s => s.GetString())
            .Should().Equal(["ContactCitizen", "StoreConversationNotes"], "the referral's consent is the citizen's consent to be contacted");
    }

    [DatabaseFact]
    public async Task Withdrawal_takes_effect_at_once_and_earlier_notes_stay_readable()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var consent = await guide.RecordConsent(caseId, ["StoreConversationNotes", "ShareStatusWithReferrer"]);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("Before the withdrawal"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var withdrawn = await guide.PostAsJsonAsync(
            $"/api/cases/{caseId}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", new { reason = "The citizen asked on the phone" });
        var refused = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("After the withdrawal"));
        var notes = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/conversations");
        var consents = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/consents");

        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        notes.EnumerateArray().Select(n => n.GetProperty("summary").GetString()).Should().Equal("Before the withdrawal");
        consents.GetProperty("activeScopes").EnumerateArray().Select(s => s.GetString()).Should().Equal(["ContactCitizen"], "the referral's consent stays");
        var record = consents.GetProperty("history").EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == consent.GetProperty("id").GetGuid());
        record.GetProperty("withdrawalReason").GetString().Should().Be("The citizen asked on the phone");
        record.GetProperty("activeNow").GetBoolean().Should().BeFalse();
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", new { reason = "again" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict, "a withdrawal happens once");
    }

    [DatabaseFact]
    public async Task An_expired_consent_no_longer_covers_anything()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"], expiresAt: DateTimeOffset.UtcNow.AddDays(1));
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).StatusCode.Should().Be(HttpStatusCode.Created);
        var me = (await (await guide.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();
        var userName = await factory.WithDatabase(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Users.Where(u => u.Id == me).Select(u => u.UserName!)));

        factory.MoveClock(TimeSpan.FromDays(2));
        try
        {
            var later = await factory.ClientFor(userName);
            var response = await later.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation());

            response.StatusCode.Should().Be(HttpStatusCode.Conflict);
            (await response.Json()).GetProperty("missingScope").GetString().Should().Be("StoreConversationNotes");
        }
        finally
        {
            factory.MoveClock(TimeSpan.FromDays(-2));
        }
    }

    [DatabaseFact]
    public async Task A_correction_keeps_the_original_and_a_stale_one_is_refused()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        var logged = await (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation("Original summary"))).Json();
        var id = logged.GetProperty("id").GetGuid();
        var version = logged.GetProperty("version").GetInt32();
        var correction = new
        {
            conversation = new
            {
                mode = "HomeVisit",
                occurredAt = logged.GetProperty("occurredAt").GetDateTimeOffset(),
                durationMinutes = 45,
                summary = "Corrected summary",
                topics = new[] { "LeisureAndCommunities" },
                citizensView = "Misses singing with others.",
                agreedNextSteps = "Go along to the choir on Thursday.",
            },
            reason = "Wrong duration and a typo",
            version,
        };

        var amended = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations/{id}/amendments", correction);
        var stale = await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations/{id}/amendments", correction);

        amended.StatusCode.Should().Be(HttpStatusCode.OK);
        var view = await amended.Json();
        view.GetProperty("summary").GetString().Should().Be("Corrected summary");
        var history = view.GetProperty("amendments").EnumerateArray().ToList();
        history.Select(a => a.GetProperty("field").GetString()).Should().BeEquivalentTo("durationMinutes", "summary");
        var summary = history.Single(a => a.GetProperty("field").GetString() == "summary");
        summary.GetProperty("oldValue").GetString().Should().Be("Original summary");
        summary.GetProperty("newValue").GetString().Should().Be("Corrected summary");
        summary.GetProperty("reason").GetString().Should().Be("Wrong duration and a typo");
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [DatabaseFact]
    public async Task The_referrer_sees_progress_only_while_the_status_consent_is_active()
    {
        var (caseId, referralId, guide, _) = await RoutingWorld.NewRoutedCase(factory, referrer: "homecare.aarhus");
        var referrer = await factory.ClientFor("homecare.aarhus");
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation());

        var without = await referrer.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");
        var filtered = await referrer.GetFromJsonAsync<JsonElement>("/api/referrals?status=InProgress&pageSize=200");
        var sharing = await guide.ShareStatusWithReferrer(caseId);
        var with = await referrer.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");
        await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{sharing.GetProperty("id").GetGuid()}/withdraw", new { reason = "Changed her mind" });
        var afterWithdrawal = await referrer.GetFromJsonAsync<JsonElement>($"/api/referrals/{referralId}");

        without.GetProperty("status").GetString().Should().Be("Assigned");
        filtered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().NotContain(referralId, "a filter must not reveal what the view hides");
        with.GetProperty("status").GetString().Should().Be("InProgress");
        afterWithdrawal.GetProperty("status").GetString().Should().Be("Assigned");
        var text = await referrer.GetStringAsync($"/api/referrals/{referralId}");
        text.Should().NotContain("choir", "the referrer never sees notes");
    }

    [DatabaseFact]
    public async Task Closing_with_a_note_shows_the_note_to_the_guide_and_only_the_category_to_the_referrer()
    {
        var (caseId, referralId, guide, _) = await RoutingWorld.NewRoutedCase(factory, referrer: "jobcentre.aarhus");
        await guide.ShareStatusWithReferrer(caseId);

        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Redirected", note = "Debt counselling first; call again in spring" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var @case = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}");
        var referrerText = await (await factory.ClientFor("jobcentre.aarhus")).GetStringAsync($"/api/referrals/{referralId}");
        @case.GetProperty("closureNote").GetString().Should().Be("Debt counselling first; call again in spring");
        referrerText.Should().Contain("\"closureCategory\":\"Redirected\"").And.NotContain("Debt counselling");
    }

    [DatabaseFact]
    public async Task Reading_conversations_is_audited_and_coordinators_can_list_the_case_audit_trail()
    {
        var (caseId, _, guide, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        var conversationId = (await (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).Json()).GetProperty("id").GetGuid();
        var guideId = (await (await guide.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();

        await guide.GetAsync($"/api/cases/{caseId}/conversations");
        var trail = await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/audit?pageSize=200");

        var entries = trail.GetProperty("items").EnumerateArray().ToList();
        entries.Should().Contain(e => e.GetProperty("action").GetString() == "ListConversations" && e.GetProperty("entityId").GetGuid() == conversationId
            && e.GetProperty("userId").GetGuid() == guideId);
        entries.Should().Contain(e => e.GetProperty("action").GetString() == "LogConversation" && e.GetProperty("entityId").GetGuid() == conversationId);
        entries.Should().Contain(e => e.GetProperty("action").GetString() == "RecordConsent");
        entries.Should().Contain(e => e.GetProperty("action").GetString() == "SubmitReferral");
        (await guide.GetAsync($"/api/cases/{caseId}/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task Another_guide_can_neither_record_consent_nor_read_notes()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        var other = await factory.ClientFor("guide1.aarhus");

        (await other.GetAsync($"/api/cases/{caseId}/conversations")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{caseId}/consents", new { scopes = new[] { "StoreConversationNotes" }, method = "Verbal", obtainedBy = "x", obtainedAt = DateTimeOffset.UtcNow }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
