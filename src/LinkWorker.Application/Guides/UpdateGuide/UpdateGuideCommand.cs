using System.Text.Json.Serialization;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Guides.UpdateGuide;

/// <summary>Replaces a guide's profile. Version is the one the coordinator read: a stale edit is refused (409).</summary>
[Authorize(Roles.Coordinator)]
public sealed record UpdateGuideCommand(GuideProfileInput? Profile, int? Version) : IRequest<GuideView>
{
    [JsonIgnore]
    public Guid GuideId { get; init; }
}
