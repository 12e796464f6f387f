using Hl7.Fhir.Model;

namespace LinkWorker.Api.Fhir;

/// <summary>The CapabilityStatement: exactly the interactions <c>/fhir</c> supports, nothing more (ADR 0024).</summary>
internal static class Capability
{
    public static CapabilityStatement Statement(string baseUrl, DateTimeOffset at) => new()
    {
        Url = $"{FhirCodes.Base}/CapabilityStatement/linkworker",
        Name = "LinkWorker",
        Title = "LinkWorker – henvisninger til fællesskabsguider / referrals to community guides",
        Status = PublicationStatus.Active,
        Date = at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Kind = CapabilityStatementKind.Instance,
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "LinkWorker FHIR referral exchange", Url = baseUrl },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["application/fhir+json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Documentation = "Referrals by the HL7 SDOH Clinical Care pattern: POST a transaction Bundle (Patient, ServiceRequest, Consent, Task), then read or poll the Task. See docs/fhir.md.",
                Security = new CapabilityStatement.SecurityComponent
                {
                    Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "OAuth", "OAuth")],
                    Description = "OAuth 2.0 client credentials (client secret or private_key_jwt) at /connect/token, scope api. A system acts for its organisation.",
                },
                Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
                Resource =
                [
                    new CapabilityStatement.ResourceComponent
                    {
                        Type = "Task",
                        Interaction =
                        [
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                            new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                        ],
                        Documentation = "Created in the referral transaction; read and searched by its requester.",
                        SearchParam =
                        [
                            new CapabilityStatement.SearchParamComponent { Name = "requester", Type = SearchParamType.Reference, Documentation = "Organization/{id}: the caller's own organisation" },
                            new CapabilityStatement.SearchParamComponent { Name = "_lastUpdated", Type = SearchParamType.Date, Documentation = "gt{instant} only: Tasks whose visible status changed after it" },
                        ],
                    },
                    // Created inside the transaction only; not readable on their own.
                    Create("Patient"),
                    Create("ServiceRequest", conditional: true),
                    Create("Consent"),
                    Create("Practitioner"),
                ],
            },
        ],
    };

    private static CapabilityStatement.ResourceComponent Create(string type, bool conditional = false) => new()
    {
        Type = type,
        Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create }],
        ConditionalCreate = conditional ? true : null,
        Documentation = "Only as an entry of the referral transaction Bundle.",
    };
}
