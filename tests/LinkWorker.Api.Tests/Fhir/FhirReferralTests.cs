// The SDK's POCOs mark every element nullable; the assertions below check what must be present.
#nullable disable

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace LinkWorker.Api.Tests.Fhir;

public sealed class FhirReferralTests_Sqlite(SqliteApiFactory factory) : FhirReferralTests<SqliteApiFactory>(factory);

public sealed class FhirReferralTests_Postgres(PostgresApiFactory factory) : FhirReferralTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// A GP system refers through FHIR R4 (issue 17, ADR 0024) with the demo client credentials and a Firely
/// FhirClient that parses every answer strictly, and follows the Task while a guide works the case.
/// </summary>
public abstract class FhirReferralTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string DemoSystem = "gp-system.aarhus";

    private static object Conversation() => new
    {
        conversation = new
        {
            mode = "HomeVisit",
            occurredAt = DateTimeOffset.UtcNow.AddHours(-2),
            durationMinutes = 60,
            summary = "Vi talte om koret i Viby.",
            topics = new[] { "LeisureAndCommunities" },
        },
    };

    [DatabaseFact]
    public async Task A_valid_Bundle_becomes_the_referral_in_the_guides_queue_and_its_Task_follows_the_case_to_completed()
    {
        var (postcode, guide) = await GuideFor();
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();

        var response = await fhir.TransactionAsync(FhirReferrals.Referral(postcode: postcode, name: "Grethe Fællesskab"));
        var taskEntry = response!.Entry.Single(e => e.Resource is FhirTask);
        var taskId = taskEntry.Response.Location.Split('/')[1];
        var queue = await guide.GetAllItems("/api/queue");
        var caseId = queue.EnumerateArray().Single(i => i.GetProperty("citizenName").GetString() == "Grethe Fællesskab").GetProperty("caseId").GetGuid();

        response.Type.Should().Be(Bundle.BundleType.TransactionResponse);
        response.Entry.Should().HaveCount(5, "one response entry per request entry, in order");
        response.Entry.Should().OnlyContain(e => e.Response.Status == "201 Created");
        response.Entry[2].Response.Location.Should().Be($"ServiceRequest/{taskId}");
        taskEntry.Response.Location.Should().Be($"Task/{taskId}");
        var task = (FhirTask)taskEntry.Resource;
        task.Status.Should().Be(FhirTask.TaskStatus.Received, "a guide has the case");
        task.Intent.Should().Be(FhirTask.TaskIntent.Order);
        task.Focus.Reference.Should().Be($"ServiceRequest/{taskId}");
        task.Owner.Identifier.Value.Should().Be("0751");
        task.For.Should().BeNull("nothing about the citizen leaves with the Task");

        await guide.ShareStatusWithReferrer(caseId);
        var beforeContact = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        var contacted = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        var changed = await fhir.SearchAsync<FhirTask>([$"_lastUpdated=gt{beforeContact!.Meta.LastUpdated!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}"]);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).StatusCode.Should().Be(HttpStatusCode.Created);
        var working = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "InCommunity" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var completed = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        var unchanged = await fhir.SearchAsync<FhirTask>([$"_lastUpdated=gt{completed!.Meta.LastUpdated!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}"]);

        contacted!.Status.Should().Be(FhirTask.TaskStatus.Accepted, "first contact was made");
        changed!.Entry.Select(e => e.Resource.Id).Should().Contain(taskId, "a poll since the last change sees the Task again");
        working!.Status.Should().Be(FhirTask.TaskStatus.InProgress);
        completed.Status.Should().Be(FhirTask.TaskStatus.Completed);
        completed.StatusReason.Coding.Single().Should().Match<Coding>(c => c.System == FhirReferrals.ClosureCategory && c.Code == "completed");
        completed.Meta.LastUpdated.Should().BeAfter(contacted.Meta.LastUpdated!.Value);
        unchanged!.Entry.Select(e => e.Resource.Id).Should().NotContain(taskId, "nothing changed since");
        var referral = await (await factory.SystemClient(DemoSystem)).GetFromJsonAsync<JsonElement>($"/api/referrals/{taskId}");
        referral.GetProperty("referringProfessional").GetString().Should().Be("Læge Anne Holm", "the requester is the referring professional");
        referral.GetProperty("caseId").GetGuid().Should().Be(caseId);
    }

    [DatabaseFact]
    public async Task Resubmitting_the_same_ServiceRequest_identifier_returns_the_same_Task_and_creates_nothing_twice_even_days_later()
    {
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();
        var bundle = FhirReferrals.Referral();

        var first = await fhir.TransactionAsync(bundle);
        var counts = await Counts();
        var again = await fhir.TransactionAsync(bundle);
        // Long after any Idempotency-Key would have expired, and with other content: the identifier alone matches.
        bundle.Resource<ServiceRequest>().ReasonCode[0].Text = "Skrevet om i journalen siden.";
        Bundle later;
        factory.MoveClock(TimeSpan.FromDays(3));
        try
        {
            later = await (await factory.SystemClient(DemoSystem)).FhirClient().TransactionAsync(bundle);
        }
        finally
        {
            factory.MoveClock(-TimeSpan.FromDays(3));
        }

        var location = first!.Entry.Single(e => e.Resource is FhirTask).Response.Location;
        first.Entry.Should().OnlyContain(e => e.Response.Status == "201 Created");
        foreach (var resubmission in new[] { again, later })
        {
            resubmission!.Entry.Single(e => e.Resource is FhirTask).Response.Location.Should().Be(location);
            resubmission.Entry[2].Response.Location.Should().Be(first.Entry[2].Response.Location);
            resubmission.Entry.Should().OnlyContain(e => e.Response.Status == "200 OK", "the conditional create matched");
        }

        (await Counts()).Should().Be(counts, "nothing was stored twice");
        var stored = await factory.WithDatabase(db => db.Referrals.IgnoreQueryFilters().SingleAsync(r => r.Id == Guid.Parse(location.Split('/')[1])));
        stored.ExternalIdSystem.Should().Be(FhirReferrals.GpSystem);
        stored.ExternalIdValue.Should().Be(bundle.Resource<ServiceRequest>().Identifier[0].Value);
        stored.Reason.Should().Be("Har følt sig alene siden pensioneringen.", "a match ignores the resubmitted content, as FHIR's conditional create does");
    }

    [DatabaseFact]
    public async Task The_same_Bundle_posted_in_parallel_creates_one_referral_and_every_answer_names_its_Task()
    {
        var http = await factory.SystemClient(DemoSystem);
        var bundle = FhirReferrals.Referral();
        var counts = await Counts();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => http.FhirClient().TransactionAsync(bundle))));

        answers.Select(a => a!.Entry.Single(e => e.Resource is FhirTask).Response.Location).Distinct().Should().ContainSingle();
        answers.Select(a => a!.Entry[0].Response.Status).Should().ContainSingle(s => s == "201 Created").And.HaveCount(6);
        answers.Count(a => a!.Entry[0].Response.Status == "200 OK").Should().Be(5);
        var after = await Counts();
        after.Referrals.Should().Be(counts.Referrals + 1);
        after.Cases.Should().Be(counts.Cases + 1);
        after.Citizens.Should().Be(counts.Citizens + 1);
    }

    [DatabaseFact]
    public async Task A_ServiceRequest_identifier_is_unique_per_organisation()
    {
        var bundle = FhirReferrals.Referral();
        var demo = (await factory.SystemClient(DemoSystem)).FhirClient();
        var (sameOrganisation, sameSecret) = await factory.RegisterSystem("gp.aarhus");
        var (otherOrganisation, otherSecret) = await factory.RegisterSystem("homecare.aarhus");

        var first = await demo.TransactionAsync(bundle);
        var sibling = (await factory.SystemClient(sameOrganisation, sameSecret)).FhirClient();
        var fromSibling = await Refusal(() => sibling.TransactionAsync(bundle));
        bundle.Resource<Patient>().Identifier[0].Value = ReferralBodies.NewCpr();
        var fromOther = await (await factory.SystemClient(otherOrganisation, otherSecret)).FhirClient().TransactionAsync(bundle);

        fromSibling.Status.Should().Be(HttpStatusCode.UnprocessableEntity, "another system of the organisation sent this identifier; its Task is not this one's to read");
        fromSibling.Outcome.Issue.SelectMany(i => i.Expression).Should().Contain("Bundle.entry[2].resource.identifier[0]");
        fromOther!.Entry.Should().OnlyContain(e => e.Response.Status == "201 Created", "another organisation's identifiers are its own");
        fromOther.Entry[4].Response.Location.Should().NotBe(first!.Entry[4].Response.Location);
    }

    [DatabaseFact]
    public async Task A_poll_after_each_transition_sees_exactly_the_changed_Task()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (postcode, guide, guideId) = await GuideWithId();
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();
        // Somali with an interpreter: no guide speaks it, so the referral waits in triage (requested).
        var bundle = FhirReferrals.Referral(postcode: postcode, name: "Asha Poll");
        bundle.Resource<Patient>().Communication[0].Language = new CodeableConcept("urn:ietf:bcp:47", "so");
        bundle.Resource<Patient>().SetExtension("http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired", new FhirBoolean(true));
        var created = (FhirTask)(await fhir.TransactionAsync(bundle))!.Entry.Single(e => e.Resource is FhirTask).Resource;
        var taskId = created.Id;
        var caseId = (await (await factory.SystemClient(DemoSystem)).GetFromJsonAsync<JsonElement>($"/api/referrals/{taskId}")).GetProperty("caseId").GetGuid();
        var last = created.Meta.LastUpdated!.Value;
        (await Poll(fhir, last)).Should().BeEmpty("nothing changed since the Task was created");

        async Task<FhirTask> After(Func<Task<HttpResponseMessage>> transition)
        {
            var response = await transition();
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
            var polled = await Poll(fhir, last);
            polled.Select(t => t.Id).Should().Equal([taskId], "a poll since the last change sees exactly the changed Task");
            polled[0].Meta.LastUpdated.Should().BeAfter(last);
            last = polled[0].Meta.LastUpdated!.Value;
            (await Poll(fhir, last)).Should().BeEmpty("nothing changed since");
            return polled[0];
        }

        created.Status.Should().Be(FhirTask.TaskStatus.Requested);
        (await After(() => coordinator.PostAsJsonAsync($"/api/cases/{caseId}/assign", new { guideId, reason = "Tolk bestilt" }))).Status.Should().Be(FhirTask.TaskStatus.Received);
        await After(() => guide.PostAsJsonAsync($"/api/cases/{caseId}/consents", Consent("ShareStatusWithReferrer", "StoreConversationNotes")));
        (await After(() => guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true }))).Status.Should().Be(FhirTask.TaskStatus.Accepted);
        (await After(() => guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation()))).Status.Should().Be(FhirTask.TaskStatus.InProgress);
        var completed = await After(() => guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "InCommunity" }));
        completed.Status.Should().Be(FhirTask.TaskStatus.Completed);
        completed.StatusReason.Coding.Single().Code.Should().Be("completed");
        // Reopened, the case goes back to triage (still no guide speaks Somali): requested; then declined: rejected.
        (await After(() => coordinator.PostAsync($"/api/cases/{caseId}/reopen", null))).Status.Should().Be(FhirTask.TaskStatus.Requested);
        (await After(() => coordinator.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Declined" }))).Status.Should().Be(FhirTask.TaskStatus.Rejected);
    }

    [DatabaseFact]
    public async Task Without_the_status_consent_a_poll_sees_the_guide_arrive_and_nothing_after()
    {
        var (postcode, guide) = await GuideFor();
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();
        var created = (FhirTask)(await fhir.TransactionAsync(FhirReferrals.Referral(postcode: postcode, name: "Bodil Tavs")))!.Entry.Single(e => e.Resource is FhirTask).Resource;
        var caseId = (await (await factory.SystemClient(DemoSystem)).GetFromJsonAsync<JsonElement>($"/api/referrals/{created.Id}")).GetProperty("caseId").GetGuid();
        var received = created.Meta.LastUpdated!.Value;

        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        await guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", Conversation())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "InCommunity" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var read = await fhir.ReadAsync<FhirTask>($"Task/{created.Id}");

        created.Status.Should().Be(FhirTask.TaskStatus.Received, "routed to the guide at once");
        (await Poll(fhir, received)).Should().BeEmpty("contact, work and closing are the citizen's to share: not even their times show");
        read!.Status.Should().Be(FhirTask.TaskStatus.Received);
        read.Meta.LastUpdated.Should().Be(received);
    }

    [DatabaseTheory]
    [InlineData("no consent", 422, "Bundle.entry.resource.ofType(Consent)")]
    [InlineData("invalid cpr", 422, "Bundle.entry[0].resource.identifier[0].value")]
    [InlineData("no reason", 422, "Bundle.entry[2].resource.reasonCode[0].text")]
    [InlineData("no life arena", 422, "Bundle.entry[2].resource.category")]
    [InlineData("unknown life arena", 422, "Bundle.entry[2].resource.category[0]")]
    [InlineData("no identifier", 422, "Bundle.entry[2].resource.identifier")]
    [InlineData("no consent time", 422, "Bundle.entry[3].resource.dateTime")]
    [InlineData("task not requested", 422, "Bundle.entry[4].resource.status")]
    [InlineData("another municipality", 422, "Bundle.entry[4].resource.owner.identifier.value")]
    [InlineData("no postcode", 422, "Bundle.entry[0].resource.address[0].postalCode")]
    [InlineData("malformed", 400, "Bundle.entry[0].resource.birthDate")]
    public async Task A_Bundle_breaking_the_profile_gets_an_OperationOutcome_naming_the_element_and_stores_nothing(string breach, int status, string expression)
    {
        var http = await factory.SystemClient(DemoSystem);
        var bundle = FhirReferrals.Referral(cpr: breach == "invalid cpr" ? "3113991234" : null);
        var json = breach == "malformed" ? null : Break(bundle, breach).ToJson();
        // A malformed resource: a birth date that is no date, which the strict parser refuses.
        json ??= bundle.ToJson().Replace("\"resourceType\":\"Patient\",", "\"resourceType\":\"Patient\",\"birthDate\":\"the first of May\",", StringComparison.Ordinal);
        var counts = await Counts();

        var response = await http.PostAsync("/fhir", new StringContent(json, Encoding.UTF8, "application/fhir+json"));
        var outcome = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict))
            .Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());

        ((int)response.StatusCode).Should().Be(status, breach);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        outcome.Issue.SelectMany(i => i.Expression).Should().Contain(expression, breach);
        outcome.Issue.Should().OnlyContain(i => i.Severity == OperationOutcome.IssueSeverity.Error && !string.IsNullOrEmpty(i.Diagnostics));
        (await Counts()).Should().Be(counts, "nothing was stored");
    }

    [DatabaseFact]
    public async Task Without_the_status_consent_the_Task_shows_no_more_than_received()
    {
        var (postcode, guide) = await GuideFor();
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();
        var response = await fhir.TransactionAsync(FhirReferrals.Referral(postcode: postcode, name: "Bent Samtykke"));
        var taskId = response!.Entry.Single(e => e.Resource is FhirTask).Response.Location.Split('/')[1];
        var caseId = (await guide.GetAllItems("/api/queue")).EnumerateArray()
            .Single(i => i.GetProperty("citizenName").GetString() == "Bent Samtykke").GetProperty("caseId").GetGuid();

        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/contact-attempts", new { channel = "Phone", succeeded = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        var withoutConsent = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        var consent = await guide.ShareStatusWithReferrer(caseId);
        var withConsent = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/consents/{consent.GetProperty("id").GetGuid()}/withdraw", new { reason = "Borgeren ønsker det ikke" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await guide.PostAsJsonAsync($"/api/cases/{caseId}/close", new { reason = "Declined" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var withdrawn = await fhir.ReadAsync<FhirTask>($"Task/{taskId}");

        withoutConsent!.Status.Should().Be(FhirTask.TaskStatus.Received, "beyond 'a guide has it' only with the status consent");
        withConsent!.Status.Should().Be(FhirTask.TaskStatus.Accepted);
        withdrawn!.Status.Should().Be(FhirTask.TaskStatus.Received, "the consent was withdrawn: not even the closure shows");
        withdrawn.StatusReason.Should().BeNull();
    }

    [DatabaseFact]
    public async Task Another_organisations_and_another_municipalitys_system_get_404_and_an_anonymous_caller_401()
    {
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();
        var taskId = (await fhir.TransactionAsync(FhirReferrals.Referral()))!.Entry.Single(e => e.Resource is FhirTask).Response.Location.Split('/')[1];
        var (jobcentre, secret) = await factory.RegisterSystem("jobcentre.aarhus");
        var otherOrganisation = (await factory.SystemClient(jobcentre, secret)).FhirClient();
        var otherMunicipality = (await factory.SystemClient("gp-system.odsherred")).FhirClient();

        var fromOtherOrganisation = await Refusal(() => otherOrganisation.ReadAsync<FhirTask>($"Task/{taskId}"));
        var fromOtherMunicipality = await Refusal(() => otherMunicipality.ReadAsync<FhirTask>($"Task/{taskId}"));
        var searched = await otherOrganisation.SearchAsync<FhirTask>([]);
        var own = await fhir.SearchAsync<FhirTask>([]);
        var anonymous = await factory.CreateClient().GetAsync($"/fhir/Task/{taskId}");
        var anonymousPost = await factory.CreateClient().PostAsync("/fhir", new StringContent(FhirReferrals.Referral().ToJson(), Encoding.UTF8, "application/fhir+json"));

        fromOtherOrganisation.Status.Should().Be(HttpStatusCode.NotFound);
        fromOtherOrganisation.Outcome.Should().NotBeNull("errors are OperationOutcomes");
        fromOtherMunicipality.Status.Should().Be(HttpStatusCode.NotFound);
        searched!.Entry.Select(e => e.Resource.Id).Should().NotContain(taskId);
        own!.Entry.Select(e => e.Resource.Id).Should().Contain(taskId);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymousPost.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var id = Guid.Parse(taskId);
        var audited = await factory.WithDatabase(async db =>
            await db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.EntityType == "Referral" && a.EntityId == id)
            + await db.AuditEntrySubjects.CountAsync(s => s.EntityId == id));
        audited.Should().BeGreaterThanOrEqualTo(3, "the write and every read of this referral are audited");
    }

    [DatabaseFact]
    public async Task The_requester_parameter_matches_the_callers_own_organisation_only()
    {
        var http = await factory.SystemClient(DemoSystem);
        var fhir = http.FhirClient();
        var taskId = (await fhir.TransactionAsync(FhirReferrals.Referral()))!.Entry.Single(e => e.Resource is FhirTask).Response.Location.Split('/')[1];
        var organisation = (await (await http.GetAsync("/api/me")).Json()).GetProperty("organisation").GetProperty("id").GetString();

        var mine = await fhir.SearchAsync<FhirTask>([$"requester=Organization/{organisation}"]);
        var others = await fhir.SearchAsync<FhirTask>([$"requester=Organization/{Guid.NewGuid()}"]);
        var badDate = await Refusal(() => fhir.SearchAsync<FhirTask>(["_lastUpdated=yesterday"]));

        mine!.Entry.Select(e => e.Resource.Id).Should().Contain(taskId);
        others!.Entry.Should().BeEmpty();
        badDate.Status.Should().Be(HttpStatusCode.BadRequest);
        badDate.Outcome.Issue.SelectMany(i => i.Expression).Should().Contain("_lastUpdated");
    }

    [DatabaseFact]
    public async Task The_example_Bundle_in_the_docs_is_accepted_as_it_stands()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder!.FullName, "docs", "examples", "fhir-referral-bundle.json")))
        {
            folder = folder.Parent;
        }

        var json = await File.ReadAllTextAsync(Path.Combine(folder.FullName, "docs", "examples", "fhir-referral-bundle.json"));
        var bundle = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict)).Deserialize<Bundle>(json);
        var fhir = (await factory.SystemClient(DemoSystem)).FhirClient();

        var response = await fhir.TransactionAsync(bundle);

        var task = response.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        task.Status.Should().BeOneOf(FhirTask.TaskStatus.Requested, FhirTask.TaskStatus.Received);
        (await fhir.ReadAsync<FhirTask>($"Task/{task.Id}")).Id.Should().Be(task.Id);
    }

    [DatabaseFact]
    public async Task Metadata_lists_exactly_the_supported_interactions()
    {
        var response = await factory.CreateClient().GetAsync("/fhir/metadata");
        var statement = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict))
            .Deserialize<CapabilityStatement>(await response.Content.ReadAsStringAsync());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        statement.FhirVersion.Should().Be(FHIRVersion.N4_0_1);
        statement.Format.Should().Equal("application/fhir+json");
        var rest = statement.Rest.Single();
        rest.Interaction.Select(i => i.Code).Should().Equal(CapabilityStatement.SystemRestfulInteraction.Transaction);
        rest.Resource.ToDictionary(r => r.Type, r => r.Interaction.Select(i => i.Code!.Value).Order().ToArray()).Should().BeEquivalentTo(new Dictionary<string, CapabilityStatement.TypeRestfulInteraction[]>
        {
            ["Task"] = [CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType, CapabilityStatement.TypeRestfulInteraction.Create],
            ["Patient"] = [CapabilityStatement.TypeRestfulInteraction.Create],
            ["ServiceRequest"] = [CapabilityStatement.TypeRestfulInteraction.Create],
            ["Consent"] = [CapabilityStatement.TypeRestfulInteraction.Create],
            ["Practitioner"] = [CapabilityStatement.TypeRestfulInteraction.Create],
        });
        rest.Resource.Single(r => r.Type == "Task").SearchParam.Select(p => p.Name).Should().BeEquivalentTo("requester", "_lastUpdated");
        rest.Resource.Single(r => r.Type == "ServiceRequest").ConditionalCreate.Should().BeTrue();
    }

    private static Bundle Break(Bundle bundle, string breach)
    {
        switch (breach)
        {
            case "no consent":
                bundle.Entry.RemoveAll(e => e.Resource is Consent);
                break;
            case "no reason":
                bundle.Resource<ServiceRequest>().ReasonCode[0].Text = null;
                break;
            case "no life arena":
                bundle.Resource<ServiceRequest>().Category.Clear();
                break;
            case "unknown life arena":
                bundle.Resource<ServiceRequest>().Category[0].Coding[0].Code = "bingo";
                break;
            case "no identifier":
                bundle.Resource<ServiceRequest>().Identifier.Clear();
                bundle.Entry[2].Request.IfNoneExist = null;
                break;
            case "no consent time":
                bundle.Resource<Consent>().DateTime = null;
                break;
            case "task not requested":
                bundle.Resource<FhirTask>().Status = FhirTask.TaskStatus.Accepted;
                break;
            case "another municipality":
                bundle.Resource<FhirTask>().Owner.Identifier.Value = "0306";
                break;
            case "no postcode":
                bundle.Resource<Patient>().Address[0].PostalCode = null;
                break;
        }

        return bundle;
    }

    private static async Task<FhirOperationException> Refusal(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (FhirOperationException ex)
        {
            return ex;
        }

        throw new InvalidOperationException("The call was not refused.");
    }

    // Outside a user's scope the municipality filter hides every row: count them all.
    private Task<(int Referrals, int Citizens, int Cases, int Consents)> Counts() => factory.WithDatabase(async db =>
        (await db.Referrals.IgnoreQueryFilters().CountAsync(), await db.Citizens.IgnoreQueryFilters().CountAsync(),
            await db.Cases.IgnoreQueryFilters().CountAsync(), await db.Consents.IgnoreQueryFilters().CountAsync()));

    private static async Task<List<FhirTask>> Poll(FhirClient fhir, DateTimeOffset after) =>
        (await fhir.SearchAsync<FhirTask>([$"_lastUpdated=gt{after.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}"]))!.Entry.Select(e => (FhirTask)e.Resource).ToList();

    private static object Consent(params string[] scopes) =>
        new { scopes, method = "Verbal", obtainedBy = "Guiden", obtainedAt = DateTimeOffset.UtcNow.AddHours(-1) };

    private async Task<(string Postcode, HttpClient Guide, Guid GuideId)> GuideWithId()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (guideId, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        return (postcode, await factory.ClientFor(guideUser), guideId);
    }

    private async Task<(string Postcode, HttpClient Guide)> GuideFor()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        return (postcode, await factory.ClientFor(guideUser));
    }
}
