using LinkWorker.Application.Common.Routing;
using LinkWorker.Application.Common.Security;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Application.Guides.ReconcileGuideLoads;

/// <summary>
/// The hourly check that every guide's counter of open cases equals the open cases they hold; a wrong counter is
/// logged as an error and repaired. Returns the mismatches found.
/// </summary>
[Authorize(Roles.System)]
public sealed record ReconcileGuideLoadsCommand : IRequest<IReadOnlyList<GuideLoadMismatch>>;

internal sealed partial class ReconcileGuideLoadsHandler(GuideLoadReconciliation reconciliation, ILogger<ReconcileGuideLoadsHandler> logger)
    : IRequestHandler<ReconcileGuideLoadsCommand, IReadOnlyList<GuideLoadMismatch>>
{
    public async ValueTask<IReadOnlyList<GuideLoadMismatch>> Handle(ReconcileGuideLoadsCommand command, CancellationToken cancellationToken)
    {
        var mismatches = await reconciliation.Repair(cancellationToken);
        foreach (var mismatch in mismatches)
        {
            LogMismatch(logger, mismatch.GuideId, mismatch.Counter, mismatch.OpenCases);
        }

        return mismatches;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Guide {GuideId}'s open-case counter was {Counter} but they hold {OpenCases} open cases; repaired")]
    private static partial void LogMismatch(ILogger logger, Guid guideId, int counter, int openCases);
}
