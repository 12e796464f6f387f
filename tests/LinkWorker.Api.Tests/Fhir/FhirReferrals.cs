using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using LinkWorker.Api.Tests.Support;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace LinkWorker.Api.Tests.Fhir;

/// <summary>
/// The profile the FHIR referral exchange enforces, written out as the Bundle a GP system sends (docs/fhir.md):
/// these are the required elements and code systems, kept here rather than in copied specification files.
/// </summary>
public static class FhirReferrals
{
    public const string Cpr = "urn:oid:1.2.208.176.1.2";
    public const string LifeArena = "https://linkworker.dk/fhir/CodeSystem/life-arena";
    public const string LifeTransition = "https://linkworker.dk/fhir/CodeSystem/life-transition";
    public const string ConsentMethod = "https://linkworker.dk/fhir/CodeSystem/consent-method";
    public const string ClosureCategory = "https://linkworker.dk/fhir/CodeSystem/closure-category";
    public const string Municipality = "https://linkworker.dk/fhir/sid/municipality-code";
    public const string GpSystem = "https://gp-system.example/referrals";

    /// <summary>Every response is parsed with the SDK's strict parser.</summary>
    public static FhirClientSettings Strict => new()
    {
        PreferredFormat = ResourceFormat.Json,
        SerializationEngine = FhirSerializationEngineFactory.Strict(ModelInfo.ModelInspector),
    };

    public static Bundle Referral(string? cpr = null, string postcode = "8000", string? identifier = null, string municipality = "0751", string name = "Grethe FHIR")
    {
        var ids = new[] { "patient", "practitioner", "servicerequest", "consent", "task" }.ToDictionary(k => k, _ => $"urn:uuid:{Guid.NewGuid()}");
        var patient = new Patient
        {
            Identifier = [new Identifier(Cpr, cpr ?? ReferralBodies.NewCpr())],
            Name = [new HumanName { Use = HumanName.NameUse.Official, Given = [name.Split(' ')[0]], Family = name.Split(' ')[1] }],
            Telecom =
            [
                new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, "+4512345678"),
                new ContactPoint(ContactPoint.ContactPointSystem.Email, null, "grethe@example.dk"),
            ],
            Address = [new Address { Line = ["Testvej 1"], PostalCode = postcode, City = "Aarhus C", Country = "DK" }],
            Communication = [new Patient.CommunicationComponent { Language = new CodeableConcept("urn:ietf:bcp:47", "da"), Preferred = true }],
        };
        patient.SetExtension("http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired", new FhirBoolean(false));

        var practitioner = new Practitioner { Name = [new HumanName { Text = "Læge Anne Holm" }] };
        var serviceRequest = new ServiceRequest
        {
            Identifier = [new Identifier(GpSystem, identifier ?? Guid.NewGuid().ToString())],
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Category = [new CodeableConcept(LifeArena, "leisure-and-communities")],
            Priority = RequestPriority.Routine,
            Subject = new ResourceReference(ids["patient"]),
            Requester = new ResourceReference(ids["practitioner"]),
            ReasonCode = [new CodeableConcept(LifeTransition, "retirement") { Text = "Har følt sig alene siden pensioneringen." }],
            AuthoredOn = DateTimeOffset.UtcNow.ToString("o"),
        };
        var consent = new Consent
        {
            Status = Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept(ConsentMethod, "verbal")],
            Patient = new ResourceReference(ids["patient"]),
            DateTime = DateTimeOffset.UtcNow.AddHours(-1).ToString("o"),
            Performer = [new ResourceReference(ids["practitioner"])],
        };
        var task = new FhirTask
        {
            Status = FhirTask.TaskStatus.Requested,
            Intent = FhirTask.TaskIntent.Order,
            Focus = new ResourceReference(ids["servicerequest"]),
            For = new ResourceReference(ids["patient"]),
            Requester = new ResourceReference(ids["practitioner"]),
            Owner = new ResourceReference { Identifier = new Identifier(Municipality, municipality) },
        };

        return new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                Entry(ids["patient"], patient),
                Entry(ids["practitioner"], practitioner),
                Entry(ids["servicerequest"], serviceRequest, $"identifier={serviceRequest.Identifier[0].System}|{serviceRequest.Identifier[0].Value}"),
                Entry(ids["consent"], consent),
                Entry(ids["task"], task),
            ],
        };
    }

    private static Bundle.EntryComponent Entry(string fullUrl, Resource resource, string? ifNoneExist = null) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName, IfNoneExist = ifNoneExist },
    };

    public static T Resource<T>(this Bundle bundle)
        where T : Resource => bundle.Entry.Select(e => e.Resource).OfType<T>().Single();

    public static FhirClient FhirClient(this HttpClient http) =>
        new(new Uri(http.BaseAddress!, "/fhir"), http, Strict);

    public static async Task<HttpClient> SystemClient(this LinkWorkerApiFactory factory, string clientId, string secret = LinkWorkerApiFactory.DemoPassword)
    {
        var response = await factory.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "api",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Json()).GetProperty("access_token").GetString());
        return client;
    }

    /// <summary>An administrator registers a system for another organisation of the municipality; its client id and secret.</summary>
    public static async Task<(string ClientId, string Secret)> RegisterSystem(this LinkWorkerApiFactory factory, string organisationOfUser)
    {
        var organisation = (await (await (await factory.ClientFor(organisationOfUser)).GetAsync("/api/me")).Json()).GetProperty("organisation").GetProperty("id").GetString();
        var admin = await factory.ClientFor("admin.aarhus");
        var registration = await (await admin.PostAsJsonAsync("/api/admin/clients", new { displayName = "Jobcentrets system", organisationId = organisation })).Json();
        return (registration.GetProperty("clientId").GetString()!, registration.GetProperty("clientSecret").GetString()!);
    }
}
