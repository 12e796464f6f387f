using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using LinkWorker.Api.Fhir;
using LinkWorker.Application.Common.Idempotency;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Referrals.ListReferralChanges;
using LinkWorker.Application.Referrals.SubmitReferral;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Endpoints;

/// <summary>
/// FHIR R4 referrals (issue 17, ADR 0024): a transaction Bundle becomes the REST API's SubmitReferral request, and
/// the referral's status goes back as a Task read through the referrer view's query. The Referrals feature's
/// second protocol, so part of its endpoint group; only mapping lives here (the adapter is in Api/Fhir).
/// </summary>
internal sealed partial class Referrals
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    private static void MapFhir(IEndpointRouteBuilder app)
    {
        // FHIR describes itself (CapabilityStatement); the OpenAPI document is for /api.
        var fhir = app.MapGroup("/fhir").RequireAuthorization().ExcludeFromDescription();

        fhir.MapGet("/metadata", (HttpContext http, TimeProvider clock) =>
                new FhirResult(Capability.Statement($"{http.Request.Scheme}://{http.Request.Host}/fhir", clock.GetUtcNow()), 200))
            .AllowAnonymous();

        fhir.MapPost("/", Submit);
        fhir.MapGet("/Task/{id}", Read);
        fhir.MapGet("/Task", Search);
    }

    private static async Task<IResult> Submit(HttpRequest request, ISender sender, ICurrentUser user, CancellationToken ct)
    {
        if (request.ContentType is not { } type || !(type.StartsWith(FhirResult.ContentType, StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return FhirOutcomes.Of(415, OperationOutcome.IssueType.NotSupported, "Send the Bundle as application/fhir+json.", "Bundle");
        }

        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        if (!Parser.TryDeserializeResource(body, out var resource, out var errors) || resource is not Bundle bundle)
        {
            var issues = errors?.Select(e => new FhirIssue(PathOf(e) ?? "Bundle", e.Message)).ToList() ?? [];
            return FhirOutcomes.Of(400, OperationOutcome.IssueType.Structure,
                issues.Count > 0 ? issues : [new FhirIssue("Bundle", "The body is a FHIR R4 Bundle in JSON.")]);
        }

        var (referral, problems) = ReferralBundleReader.Read(bundle, user.RequiredMunicipalityCode);
        if (referral is null)
        {
            return FhirOutcomes.Of(422, OperationOutcome.IssueType.Invalid, problems);
        }

        SubmitReferralResult result;
        try
        {
            try
            {
                result = await sender.Send(referral.Command, ct);
            }
            catch (DbUpdateException)
            {
                // Lost a race on a unique index (the same ServiceRequest sent twice at once, or the same citizen): the
                // winner has committed, so the request again finds its referral (conditional create) or its citizen.
                result = await sender.Send(referral.Command, ct);
            }
        }
        catch (Exception ex) when (FhirOutcomes.FromException(ex, referral.Sources) is not null)
        {
            return FhirOutcomes.FromException(ex, referral.Sources)!;
        }

        // The ServiceRequest's identifier was known: the existing referral is the answer (conditional create).
        var replayed = request.HttpContext.RequestServices.GetRequiredService<IdempotencyScope>().Replayed;
        var task = (await sender.Send(new ListReferralChangesQuery(result.ReferralId), ct)).Single();
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        for (var i = 0; i < referral.EntryTypes.Count; i++)
        {
            var entry = new Bundle.EntryComponent
            {
                // A resubmission matched the ServiceRequest's identifier (conditional create): nothing was created.
                Response = new Bundle.ResponseComponent { Status = replayed ? "200 OK" : "201 Created" },
            };
            if (i == referral.ServiceRequestEntry)
            {
                entry.Response.Location = $"ServiceRequest/{result.ReferralId}";
            }
            else if (i == referral.TaskEntry)
            {
                entry.Response.Location = $"Task/{result.ReferralId}";
                entry.Response.LastModified = task.LastChangedAt;
                entry.FullUrl = $"{BaseUrl(request)}/Task/{result.ReferralId}";
                entry.Resource = TaskWriter.Write(task, user.RequiredMunicipalityCode);
            }

            response.Entry.Add(entry);
        }

        return new FhirResult(response, 200);
    }

    private static async Task<IResult> Read(string id, ISender sender, ICurrentUser user, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var referralId))
        {
            return FhirOutcomes.Of(404, OperationOutcome.IssueType.NotFound, "Not found.", "Task");
        }

        try
        {
            var change = (await sender.Send(new ListReferralChangesQuery(referralId), ct)).Single();
            return new FhirResult(TaskWriter.Write(change, user.RequiredMunicipalityCode), 200);
        }
        catch (Exception ex) when (FhirOutcomes.FromException(ex, null) is not null)
        {
            return FhirOutcomes.FromException(ex, null)!;
        }
    }

    private static async Task<IResult> Search(HttpRequest request, ISender sender, ICurrentUser user, CancellationToken ct)
    {
        DateTimeOffset? after = null;
        if (request.Query["_lastUpdated"].FirstOrDefault() is { } lastUpdated)
        {
            if (!lastUpdated.StartsWith("gt", StringComparison.Ordinal)
                || !DateTimeOffset.TryParse(lastUpdated[2..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return FhirOutcomes.Of(400, OperationOutcome.IssueType.Invalid, "_lastUpdated takes gt and an instant, e.g. gt2026-11-26T10:00:00Z.", "_lastUpdated");
            }

            after = parsed;
        }

        var matches = true;
        if (request.Query["requester"].FirstOrDefault() is { } requester)
        {
            // A system sees its own organisation's referrals only: another requester matches nothing.
            var organisation = requester.StartsWith("Organization/", StringComparison.Ordinal) ? requester["Organization/".Length..] : requester;
            matches = Guid.TryParse(organisation, out var id) && id == user.OrganisationId;
        }

        var changes = matches ? await sender.Send(new ListReferralChangesQuery(ChangedAfter: after), ct) : [];
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Total = changes.Count,
            Link = [new Bundle.LinkComponent { Relation = "self", Url = $"{BaseUrl(request)}/Task{request.QueryString}" }],
        };
        foreach (var change in changes)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{BaseUrl(request)}/Task/{change.View.Id}",
                Resource = TaskWriter.Write(change, user.RequiredMunicipalityCode),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return new FhirResult(bundle, 200);
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}/fhir";

    private static string? PathOf(Exception error) =>
        error.GetType().GetProperty("InstancePath")?.GetValue(error) as string;
}
