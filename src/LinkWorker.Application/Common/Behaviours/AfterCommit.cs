namespace LinkWorker.Application.Common.Behaviours;

/// <summary>
/// Work that must happen only once the transaction has committed — scheduling a reminder in the scheduler's own
/// connection, for instance. (On SQLite, scheduling inside the open write transaction would wait on itself.)
/// </summary>
public sealed class AfterCommit
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];

    public void Add(Func<CancellationToken, Task> action) => _actions.Add(action);

    internal async Task Run(CancellationToken cancellationToken)
    {
        var actions = _actions.ToArray();
        _actions.Clear();
        foreach (var action in actions)
        {
            await action(cancellationToken);
        }
    }

    internal void Discard() => _actions.Clear();
}
