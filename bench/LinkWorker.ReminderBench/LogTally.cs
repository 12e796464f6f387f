using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LinkWorker.ReminderBench;

/// <summary>
/// Warnings and errors of all nodes, counted by node, level, category and message template. A systematic
/// failure would log once per reminder: the first few are printed, the rest only counted.
/// </summary>
internal sealed class LogTally
{
    private const int PrintedInFull = 15;

    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _printed;

    public IReadOnlyDictionary<string, int> Counts => _counts;

    public ILoggerProvider For(int node) => new Provider(this, node);

    private void Add(int node, LogLevel level, string category, string template, string message, Exception? exception)
    {
        _counts.AddOrUpdate(FormattableString.Invariant($"node{node} {level} {category}: {template}"), 1, (_, n) => n + 1);
        if (Interlocked.Increment(ref _printed) <= PrintedInFull)
        {
            var cause = exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message}]";
            Console.WriteLine(FormattableString.Invariant($"  log node{node} {level} {category}: {message}{cause}"));
        }
    }

    private sealed class Provider(LogTally tally, int node) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(tally, node, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(LogTally tally, int node, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var message = formatter(state, exception);
            // Group by template, not by the formatted text, which carries ids.
            var template = state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "{OriginalFormat}").Value is string format
                ? format
                : message;
            tally.Add(node, logLevel, category, template, message, exception);
        }
    }
}
