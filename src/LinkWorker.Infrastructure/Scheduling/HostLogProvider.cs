using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure.Scheduling;

/// <summary>
/// Hangfire's log provider is process-wide (static). In a process that starts and stops several hosts, as the test
/// suites do, it can outlive the host whose logger factory it was given; a log line then is dropped instead of
/// failing the job or the start-up that wrote it. A service has one host, so nothing changes there.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name) => new Guarded(_inner, name);

    private sealed class Guarded(AspNetCoreLogProvider inner, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return inner.GetLogger(name).Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
