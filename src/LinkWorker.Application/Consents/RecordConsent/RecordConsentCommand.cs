using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Referrals;

namespace LinkWorker.Application.Consents.RecordConsent;

/// <summary>The case's guide records what the citizen agreed to, how, by whom and when, before collecting the data.</summary>
[Authorize(Roles.Guide)]
public sealed record RecordConsentCommand(
    IReadOnlyList<ConsentScope>? Scopes, ConsentMethod? Method, string? ObtainedBy, DateTimeOffset? ObtainedAt, DateTimeOffset? ExpiresAt)
    : IRequest<ConsentView>, ICitizenDataRequest
{
    [JsonIgnore]
    public Guid CaseId { get; init; }
}
