using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.FollowUps.FlagOverdueFirstContacts;

/// <summary>The daily check: cases of the caller's municipality past their first-contact deadline notify their guide (or the coordinators).</summary>
[Authorize(Roles.System)]
public sealed record FlagOverdueFirstContactsCommand : IRequest<int>;
