using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Guides.CreateGuide;

/// <summary>Makes a staff account with the Guide role into a guide that routing can use.</summary>
[Authorize(Roles.Coordinator)]
public sealed record CreateGuideCommand(string? UserName, GuideProfileInput? Profile) : IRequest<GuideView>;
