using Hl7.Fhir.Model;
using LinkWorker.Application.Referrals;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Api.Fhir;

/// <summary>
/// The identifier systems and code systems the FHIR referral exchange uses (docs/fhir.md lists them). LinkWorker's
/// own code systems live under <see cref="Base"/>; their codes are the enum names in kebab case.
/// </summary>
internal static class FhirCodes
{
    public const string Base = "https://linkworker.dk/fhir";

    /// <summary>The Danish CPR number (the Civil Registration System's OID).</summary>
    public const string Cpr = "urn:oid:1.2.208.176.1.2";

    public const string LifeArena = Base + "/CodeSystem/life-arena";
    public const string LifeTransition = Base + "/CodeSystem/life-transition";
    public const string ConsentMethod = Base + "/CodeSystem/consent-method";
    public const string ClosureCategory = Base + "/CodeSystem/closure-category";

    /// <summary>The municipality's four-digit code, naming the community-guide service that owns the Task.</summary>
    public const string Municipality = Base + "/sid/municipality-code";

    /// <summary>The organisation (referrer) as LinkWorker knows it.</summary>
    public const string Organisation = Base + "/sid/organisation";

    /// <summary>The core R4 extension for an interpreter need on a Patient.</summary>
    public const string InterpreterRequired = "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";

    public const string Bcp47 = "urn:ietf:bcp:47";

    public static string Code<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static bool TryParse<TEnum>(string? code, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Code(candidate), code, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static IReadOnlyList<(string System, string Name, IReadOnlyList<string> Codes)> CodeSystems { get; } =
    [
        (LifeArena, "Life arena", Enum.GetValues<LifeArena>().Select(Code).ToList()),
        (LifeTransition, "Life transition", Enum.GetValues<LifeTransition>().Select(Code).ToList()),
        (ConsentMethod, "Consent method", Enum.GetValues<Domain.Referrals.ConsentMethod>().Select(Code).ToList()),
        (ClosureCategory, "Closure category", Enum.GetValues<Application.Referrals.ClosureCategory>().Select(Code).ToList()),
    ];

    public static RequestPriority PriorityOf(Urgency urgency) => urgency switch
    {
        Urgency.High => RequestPriority.Urgent,
        _ => RequestPriority.Routine,
    };

    // FHIR has no priority below routine: Low is REST-only. Urgent, asap and stat all mean "high".
    public static Urgency UrgencyOf(RequestPriority? priority) => priority switch
    {
        null or RequestPriority.Routine => Urgency.Normal,
        _ => Urgency.High,
    };
}
