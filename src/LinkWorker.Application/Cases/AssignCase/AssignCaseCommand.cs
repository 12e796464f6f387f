using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Cases.AssignCase;

/// <summary>A coordinator assigns a case from triage, or reassigns it, with a reason that is kept.</summary>
[Authorize(Roles.Coordinator)]
public sealed record AssignCaseCommand(Guid? GuideId, string? Reason) : IRequest<CaseSummary>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}
