using Microsoft.Extensions.Logging;

namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Work that must happen only once the transaction has committed — scheduling a reminder in the scheduler's own
/// connection, for instance. (On SQLite, scheduling inside the open write transaction would wait on itself.)
/// A failure here does not fail the request, whose data is saved: it is logged, and the hourly reminder repair
/// puts any missing reminder back.
/// </summary>
public sealed partial class AfterCommit(ILogger<AfterCommit> logger)
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];

    public void Add(Func<CancellationToken, Task> action) => _actions.Add(action);

    /// <summary>Something quick to do once committed, such as counting a business fact in the metrics.</summary>
    public void Add(Action action) => _actions.Add(_ =>
    {
        action();
        return Task.CompletedTask;
    });

    internal async Task Run(CancellationToken cancellationToken)
    {
        var actions = _actions.ToArray();
        _actions.Clear();
        foreach (var action in actions)
        {
            try
            {
                await action(cancellationToken);
            }
#pragma warning disable CA1031 // The commit stands; the repair job catches up.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex.GetType().Name);
            }
        }
    }

    internal void Discard() => _actions.Clear();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work after commit failed ({ExceptionType}); the reminder repair will catch up")]
    private static partial void LogFailed(ILogger logger, string exceptionType);
}
