using Hl7.Fhir.Model;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Api.Fhir;

/// <summary>One problem with an inbound Bundle: the FHIRPath of the element, and what is wrong.</summary>
internal sealed record FhirIssue(string Expression, string Message);

/// <summary>An inbound referral, read: the REST API's request and where each of its fields came from.</summary>
internal sealed record ReferralBundle(
    SubmitReferralCommand Command,
    IReadOnlyDictionary<string, string> Sources,
    IReadOnlyList<string> EntryTypes,
    int ServiceRequestEntry,
    int TaskEntry);

/// <summary>
/// Reads a transaction Bundle following the SDOH Clinical Care referral pattern (Patient, ServiceRequest, Consent,
/// Task; ADR 0024) into the same <see cref="SubmitReferralCommand"/> the REST API sends. Only the shape of the
/// exchange is checked here; the referral's own rules (CPR number, postcode, consent details …) stay with the
/// command's validator, whose field names <see cref="Sources"/> turns back into FHIRPath expressions.
/// </summary>
internal static class ReferralBundleReader
{
    public static (ReferralBundle? Bundle, IReadOnlyList<FhirIssue> Issues) Read(Bundle bundle, string municipalityCode)
    {
        var issues = new List<FhirIssue>();
        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            return (null, [new FhirIssue("Bundle.type", "A referral is sent as a Bundle of type transaction.")]);
        }

        var entries = bundle.Entry.Select((e, i) => (Entry: e, Index: i, Path: $"Bundle.entry[{i}].resource")).ToList();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is null)
            {
                issues.Add(new($"Bundle.entry[{i}].resource", "Every entry carries a resource."));
            }
            else if (bundle.Entry[i].Request?.Method != Bundle.HTTPVerb.POST)
            {
                issues.Add(new($"Bundle.entry[{i}].request.method", "Every entry is created: request.method is POST."));
            }
        }

        var patient = Single<Patient>(entries, issues, required: true);
        var serviceRequest = Single<ServiceRequest>(entries, issues, required: true);
        var task = Single<Hl7.Fhir.Model.Task>(entries, issues, required: true);
        // No Consent is reported by the command's validator, like a REST referral without one.
        var consent = entries.FirstOrDefault(e => e.Entry.Resource is Hl7.Fhir.Model.Consent);
        if (patient is null || serviceRequest is null || task is null)
        {
            return (null, issues);
        }

        var sources = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["consent"] = "Bundle.entry.resource.ofType(Consent)",
        };

        var citizen = ReadPatient((Patient)patient.Value.Entry.Resource!, patient.Value.Path, sources);
        var sr = (ServiceRequest)serviceRequest.Value.Entry.Resource!;
        var srPath = serviceRequest.Value.Path;
        var externalId = ReadServiceRequest(sr, srPath, serviceRequest.Value.Entry, entries, patient.Value.Entry, issues, sources, out var reason, out var arenas, out var transitions, out var professional);
        ReadTask((Hl7.Fhir.Model.Task)task.Value.Entry.Resource!, task.Value.Path, serviceRequest.Value.Entry, entries, municipalityCode, issues);
        var consentInput = consent.Entry is null ? null : ReadConsent((Hl7.Fhir.Model.Consent)consent.Entry.Resource!, consent.Path, entries, patient.Value.Entry, issues, sources);

        if (issues.Count > 0)
        {
            return (null, issues);
        }

        var command = new SubmitReferralCommand(
            citizen, reason, arenas, transitions, LonelinessType: null, PracticalNeeds: null, FhirCodes.UrgencyOf(sr.Priority),
            consentInput, ToTriage: false, ReferringProfessional: professional)
        { ExternalId = externalId };
        return (new ReferralBundle(command, sources, bundle.Entry.Select(e => e.Resource?.TypeName ?? "").ToList(), serviceRequest.Value.Index, task.Value.Index), []);
    }

    private static (Bundle.EntryComponent Entry, int Index, string Path)? Single<T>(
        List<(Bundle.EntryComponent Entry, int Index, string Path)> entries, List<FhirIssue> issues, bool required)
        where T : Resource
    {
        var matches = entries.Where(e => e.Entry.Resource is T).ToList();
        var name = typeof(T).Name;
        if (matches.Count == 0 && required)
        {
            issues.Add(new($"Bundle.entry.resource.ofType({name})", $"The Bundle holds one {name}."));
        }
        else if (matches.Count > 1)
        {
            issues.Add(new($"Bundle.entry.resource.ofType({name})", $"The Bundle holds exactly one {name}."));
        }

        return matches.Count == 1 ? matches[0] : null;
    }

    private static CitizenInput ReadPatient(Patient patient, string path, Dictionary<string, string> sources)
    {
        var cprIndex = patient.Identifier.FindIndex(i => i.System == FhirCodes.Cpr);
        var name = patient.Name.FirstOrDefault(n => n.Use is null or HumanName.NameUse.Official or HumanName.NameUse.Usual);
        var fullName = name is null ? null
            : !string.IsNullOrWhiteSpace(name.Text) ? name.Text
            : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p)));
        var phoneIndex = patient.Telecom.FindIndex(t => t.System == ContactPoint.ContactPointSystem.Phone);
        var emailIndex = patient.Telecom.FindIndex(t => t.System == ContactPoint.ContactPointSystem.Email);
        var address = patient.Address.FirstOrDefault();
        var language = patient.Communication.FirstOrDefault(c => c.Preferred == true) ?? patient.Communication.FirstOrDefault();
        var languageIndex = language is null ? 0 : patient.Communication.IndexOf(language);
        var interpreter = patient.GetExtensionValue<FhirBoolean>(FhirCodes.InterpreterRequired)?.Value ?? false;

        sources["citizen"] = path;
        sources["citizen.name"] = $"{path}.name";
        sources["citizen.cprNumber"] = cprIndex >= 0 ? $"{path}.identifier[{cprIndex}].value" : $"{path}.identifier";
        sources["citizen.dateOfBirth"] = $"{path}.birthDate";
        sources["citizen.phone"] = phoneIndex >= 0 ? $"{path}.telecom[{phoneIndex}].value" : $"{path}.telecom";
        sources["citizen.email"] = emailIndex >= 0 ? $"{path}.telecom[{emailIndex}].value" : $"{path}.telecom";
        sources["citizen.address"] = $"{path}.address";
        sources["citizen.address.street"] = $"{path}.address[0].line";
        sources["citizen.address.postcode"] = $"{path}.address[0].postalCode";
        sources["citizen.address.city"] = $"{path}.address[0].city";
        sources["citizen.preferredLanguage"] = $"{path}.communication[{languageIndex}].language";

        return new CitizenInput(
            fullName,
            cprIndex >= 0 ? patient.Identifier[cprIndex].Value : null,
            DateOnly.TryParseExact(patient.BirthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var birth) ? birth : null,
            phoneIndex >= 0 ? patient.Telecom[phoneIndex].Value : null,
            emailIndex >= 0 ? patient.Telecom[emailIndex].Value : null,
            address is null ? null : new AddressInput(address.Line.FirstOrDefault(), address.PostalCode, address.City),
            language?.Language?.Coding.FirstOrDefault(c => c.System is null or FhirCodes.Bcp47)?.Code,
            interpreter);
    }

    private static ExternalReferralId? ReadServiceRequest(
        ServiceRequest sr, string path, Bundle.EntryComponent entry, List<(Bundle.EntryComponent Entry, int Index, string Path)> entries,
        Bundle.EntryComponent patient, List<FhirIssue> issues, Dictionary<string, string> sources,
        out string? reason, out List<LifeArena> arenas, out List<LifeTransition> transitions, out string? professional)
    {
        sources["reason"] = $"{path}.reasonCode[0].text";
        sources["lifeArenas"] = $"{path}.category";
        sources["lifeTransitions"] = $"{path}.reasonCode";
        sources["urgency"] = $"{path}.priority";
        sources["referringProfessional"] = $"{path}.requester";
        var identifierIndex = sr.Identifier.FindIndex(i => !string.IsNullOrWhiteSpace(i.System) && !string.IsNullOrWhiteSpace(i.Value));
        var identifier = identifierIndex < 0 ? null : sr.Identifier[identifierIndex];
        sources["externalId"] = identifierIndex < 0 ? $"{path}.identifier" : $"{path}.identifier[{identifierIndex}]";
        if (identifier is null)
        {
            issues.Add(new($"{path}.identifier", "The ServiceRequest carries the sending system's identifier (system and value): it makes resubmission safe."));
        }

        if (sr.Intent != RequestIntent.Order)
        {
            issues.Add(new($"{path}.intent", "A referral's ServiceRequest has intent order."));
        }

        if (sr.Status != RequestStatus.Active)
        {
            issues.Add(new($"{path}.status", "A referral's ServiceRequest has status active."));
        }

        if (Resolve(sr.Subject, entries) != patient)
        {
            issues.Add(new($"{path}.subject", "The ServiceRequest's subject is the Bundle's Patient."));
        }

        if (entry.Request?.IfNoneExist is { } ifNoneExist && identifier is not null
            && !string.Equals(ifNoneExist, $"identifier={identifier.System}|{identifier.Value}", StringComparison.Ordinal))
        {
            issues.Add(new($"Bundle.entry[{entries.First(e => e.Entry == entry).Index}].request.ifNoneExist",
                "ifNoneExist names the ServiceRequest's own identifier: identifier=system|value."));
        }

        reason = sr.ReasonCode.FirstOrDefault()?.Text;
        arenas = [];
        for (var i = 0; i < sr.Category.Count; i++)
        {
            foreach (var coding in sr.Category[i].Coding.Where(c => c.System == FhirCodes.LifeArena))
            {
                if (FhirCodes.TryParse<LifeArena>(coding.Code, out var arena))
                {
                    arenas.Add(arena);
                }
                else
                {
                    issues.Add(new($"{path}.category[{i}]", $"'{coding.Code}' is not a code of {FhirCodes.LifeArena}."));
                }
            }
        }

        transitions = [];
        for (var i = 0; i < sr.ReasonCode.Count; i++)
        {
            foreach (var coding in sr.ReasonCode[i].Coding.Where(c => c.System == FhirCodes.LifeTransition))
            {
                if (FhirCodes.TryParse<LifeTransition>(coding.Code, out var transition))
                {
                    transitions.Add(transition);
                }
                else
                {
                    issues.Add(new($"{path}.reasonCode[{i}]", $"'{coding.Code}' is not a code of {FhirCodes.LifeTransition}."));
                }
            }
        }

        professional = PersonName(sr.Requester, entries);
        if (sr.Requester is null)
        {
            issues.Add(new($"{path}.requester", "The requester is the referring professional: a Practitioner in the Bundle, or a display name."));
        }

        // The first identifier with system and value is the referral's id at the sender: a resubmission finds it.
        return identifier is null ? null : new ExternalReferralId(identifier.System!, identifier.Value!);
    }

    private static void ReadTask(
        Hl7.Fhir.Model.Task task, string path, Bundle.EntryComponent serviceRequest, List<(Bundle.EntryComponent Entry, int Index, string Path)> entries,
        string municipalityCode, List<FhirIssue> issues)
    {
        if (task.Intent != Hl7.Fhir.Model.Task.TaskIntent.Order)
        {
            issues.Add(new($"{path}.intent", "The referral's Task has intent order."));
        }

        if (task.Status != Hl7.Fhir.Model.Task.TaskStatus.Requested)
        {
            issues.Add(new($"{path}.status", "A new referral's Task has status requested."));
        }

        if (Resolve(task.Focus, entries) != serviceRequest)
        {
            issues.Add(new($"{path}.focus", "The Task's focus is the Bundle's ServiceRequest."));
        }

        if (task.Owner?.Identifier is not { System: FhirCodes.Municipality } owner)
        {
            issues.Add(new($"{path}.owner", $"The Task's owner is the municipality's community-guide service: an identifier with system {FhirCodes.Municipality}."));
        }
        else if (owner.Value != municipalityCode)
        {
            issues.Add(new($"{path}.owner.identifier.value", $"This client refers to municipality {municipalityCode} only."));
        }
    }

    private static ReferralConsentInput ReadConsent(
        Hl7.Fhir.Model.Consent consent, string path, List<(Bundle.EntryComponent Entry, int Index, string Path)> entries,
        Bundle.EntryComponent patient, List<FhirIssue> issues, Dictionary<string, string> sources)
    {
        sources["consent"] = path;
        sources["consent.given"] = $"{path}.status";
        sources["consent.obtainedBy"] = $"{path}.performer";
        sources["consent.method"] = $"{path}.category";
        sources["consent.obtainedAt"] = $"{path}.dateTime";

        if (Resolve(consent.Patient, entries) != patient)
        {
            issues.Add(new($"{path}.patient", "The Consent's patient is the Bundle's Patient."));
        }

        ConsentMethod? method = null;
        foreach (var coding in consent.Category.SelectMany(c => c.Coding).Where(c => c.System == FhirCodes.ConsentMethod))
        {
            if (FhirCodes.TryParse<ConsentMethod>(coding.Code, out var m))
            {
                method = m;
            }
            else
            {
                issues.Add(new($"{path}.category", $"'{coding.Code}' is not a code of {FhirCodes.ConsentMethod}."));
            }
        }

        var by = consent.Performer.Select(p => PersonName(p, entries)).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var at = consent.DateTimeElement?.ToDateTimeOffset(TimeSpan.Zero);
        return new ReferralConsentInput(consent.Status == Hl7.Fhir.Model.Consent.ConsentState.Active, by, method, at);
    }

    private static Bundle.EntryComponent? Resolve(ResourceReference? reference, List<(Bundle.EntryComponent Entry, int Index, string Path)> entries)
    {
        if (reference?.Reference is not { } target)
        {
            return null;
        }

        return entries.Select(e => e.Entry).FirstOrDefault(e =>
            string.Equals(e.FullUrl, target, StringComparison.Ordinal)
            || (e.Resource is { Id: { } id } r && string.Equals($"{r.TypeName}/{id}", target, StringComparison.Ordinal)));
    }

    private static string? PersonName(ResourceReference? reference, List<(Bundle.EntryComponent Entry, int Index, string Path)> entries)
    {
        if (reference is null)
        {
            return null;
        }

        var name = Resolve(reference, entries)?.Resource switch
        {
            Practitioner p => p.Name.FirstOrDefault(),
            _ => null,
        };
        var text = name is null ? null
            : !string.IsNullOrWhiteSpace(name.Text) ? name.Text
            : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p)));
        return string.IsNullOrWhiteSpace(text) ? reference.Display : text;
    }
}
