using LinkWorker.Application.Common.Security;
using Mediator;

namespace LinkWorker.Architecture.Tests.Samples.Requests.Unhandled;

/// <summary>Bad: nobody handles it, so sending it fails at run time.</summary>
[Authorize]
public sealed record UnhandledQuery : IRequest<int>;
