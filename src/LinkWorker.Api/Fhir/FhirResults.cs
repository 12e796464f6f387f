using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using LinkWorker.Application.Common.Exceptions;
using LinkWorker.Domain.Common;

namespace LinkWorker.Api.Fhir;

/// <summary>A FHIR resource as the answer, in application/fhir+json.</summary>
internal sealed class FhirResult(Resource resource, int status, string? location = null) : IResult
{
    public const string ContentType = "application/fhir+json";

    public Resource Resource { get; } = resource;

    public async System.Threading.Tasks.Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = ContentType + "; charset=utf-8";
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        if (Resource.Meta?.LastUpdated is { } updated)
        {
            httpContext.Response.Headers.LastModified = updated.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        }

        await httpContext.Response.WriteAsync(Resource.ToJson(), Encoding.UTF8, httpContext.RequestAborted);
    }
}

/// <summary>Errors as OperationOutcome, each issue's expression naming the element (ADR 0024).</summary>
internal static class FhirOutcomes
{
    public static FhirResult Of(int status, OperationOutcome.IssueType code, IEnumerable<FhirIssue> issues) =>
        new(new OperationOutcome
        {
            Issue = issues.Select(i => new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = code,
                Diagnostics = i.Message,
                Expression = [i.Expression],
            }).ToList(),
        }, status);

    public static FhirResult Of(int status, OperationOutcome.IssueType code, string message, string expression) =>
        Of(status, code, [new FhirIssue(expression, message)]);

    /// <summary>
    /// The Application's answers in FHIR terms. A validation failure is a profile violation (422, FHIR's "violated
    /// applicable FHIR profiles or server business rules"), its fields turned into FHIRPath by <paramref name="sources"/>.
    /// </summary>
    public static FhirResult? FromException(Exception exception, IReadOnlyDictionary<string, string>? sources) => exception switch
    {
        ValidationFailedException v => Of(422, OperationOutcome.IssueType.Invalid, v.Errors.SelectMany(e => e.Value.Select(m => new FhirIssue(Expression(e.Key, sources), m)))),
        ConsentRequiredException c => Of(422, OperationOutcome.IssueType.BusinessRule, c.Message, sources?.GetValueOrDefault("consent") ?? "Bundle"),
        NotFoundException => Of(404, OperationOutcome.IssueType.NotFound, "Not found.", "Task"),
        ForbiddenException f => Of(403, OperationOutcome.IssueType.Forbidden, f.Message, "Bundle"),
        IdempotencyKeyReusedException => Of(422, OperationOutcome.IssueType.Duplicate,
            "A ServiceRequest with this identifier was already received with other content; send a new identifier for a new referral.",
            sources?.GetValueOrDefault("idempotencyKey") ?? "ServiceRequest.identifier"),
        IdempotentRequestInFlightException f => Of(409, OperationOutcome.IssueType.Transient, f.Message, "Bundle"),
        ConflictException c => Of(409, OperationOutcome.IssueType.Conflict, c.Message, "Bundle"),
        DomainRuleException d => Of(422, OperationOutcome.IssueType.BusinessRule, d.Message, "Bundle"),
        _ => null,
    };

    // "citizen.address.postcode" or "lifeArenas[0]" → the element it was read from; the nearest known parent otherwise.
    internal static string Expression(string field, IReadOnlyDictionary<string, string>? sources)
    {
        if (sources is null)
        {
            return field;
        }

        var key = System.Text.RegularExpressions.Regex.Replace(field, @"\[\d+\]", "");
        while (key.Length > 0)
        {
            if (sources.TryGetValue(key, out var expression))
            {
                return expression;
            }

            var dot = key.LastIndexOf('.');
            key = dot < 0 ? "" : key[..dot];
        }

        return "Bundle";
    }
}
