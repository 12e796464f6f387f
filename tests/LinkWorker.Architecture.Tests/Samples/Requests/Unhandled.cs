using LinkWorker.Application.Common.Messaging;
using LinkWorker.Application.Common.Security;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Unhandled;

/// <summary>Bad: nobody handles it, so sending it fails at run time.</summary>
[Authorize]
public sealed record UnhandledQuery : IRequest<int>;
