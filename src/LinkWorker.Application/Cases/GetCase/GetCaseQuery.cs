using LinkWorker.Application.Common.Auditing;
using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Application.Cases.GetCase;

/// <summary>The whole case: citizen, referrals, why it went where it went, contact attempts.</summary>
[Authorize(Roles.Guide, Roles.Coordinator)]
public sealed record GetCaseQuery(Guid CaseId) : IRequest<CaseView>, ICitizenDataRequest;
