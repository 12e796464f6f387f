using Hl7.Fhir.Model;
using LinkWorker.Application.Referrals;
using LinkWorker.Application.Referrals.ListReferralChanges;
using FhirTask = Hl7.Fhir.Model.Task;

namespace LinkWorker.Api.Fhir;

/// <summary>
/// A referral as the SDOH Clinical Care Task its referrer follows: only what the REST referrer view shows (status,
/// the coarse closure category, times), already limited by the citizen's status consent. Never the citizen.
/// </summary>
internal static class TaskWriter
{
    public static FhirTask Write(ReferralChange change, string municipalityCode)
    {
        var view = change.View;
        var task = new FhirTask
        {
            Id = view.Id.ToString(),
            Meta = new Meta { LastUpdated = change.LastChangedAt },
            Intent = FhirTask.TaskIntent.Order,
            Status = StatusOf(view),
            Priority = FhirCodes.PriorityOf(view.Urgency),
            Focus = new ResourceReference($"ServiceRequest/{view.Id}"),
            AuthoredOn = view.ReceivedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            LastModified = change.LastChangedAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            Owner = new ResourceReference
            {
                Identifier = new Identifier(FhirCodes.Municipality, municipalityCode),
                Display = "Fællesskabsguiderne",
            },
        };

        if (view.OrganisationId is { } organisation)
        {
            task.Requester = new ResourceReference { Identifier = new Identifier(FhirCodes.Organisation, organisation.ToString()), Display = view.OrganisationName };
        }

        if (view is { Status: ReferralStatus.Closed, ClosureCategory: { } category })
        {
            task.StatusReason = new CodeableConcept(FhirCodes.ClosureCategory, FhirCodes.Code(category), Display(category));
        }

        return task;
    }

    // requested → received (a guide has it) → accepted (first contact) → in-progress → completed, or cancelled.
    internal static FhirTask.TaskStatus StatusOf(ReferralView view) => view.Status switch
    {
        ReferralStatus.Received => FhirTask.TaskStatus.Requested,
        ReferralStatus.Assigned => FhirTask.TaskStatus.Received,
        ReferralStatus.Contacted => FhirTask.TaskStatus.Accepted,
        ReferralStatus.InProgress => FhirTask.TaskStatus.InProgress,
        _ => view.ClosureCategory switch
        {
            ClosureCategory.Completed => FhirTask.TaskStatus.Completed,
            ClosureCategory.NotStarted => FhirTask.TaskStatus.Rejected,
            _ => FhirTask.TaskStatus.Cancelled,
        },
    };

    private static string Display(ClosureCategory category) => category switch
    {
        ClosureCategory.Completed => "Borgeren fandt et fællesskab / The citizen found a community",
        ClosureCategory.NotStarted => "Forløbet startede ikke (takkede nej eller kunne ikke kontaktes) / Not started (declined or unreachable)",
        ClosureCategory.Redirected => "Anden hjælp først / Other help first",
        _ => "Forløbet sluttede (fraflytning eller død) / Ended (moved away or died)",
    };
}
