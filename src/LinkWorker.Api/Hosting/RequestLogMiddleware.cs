using System.Diagnostics;
using LinkWorker.Infrastructure.Identity;

namespace LinkWorker.Api.Hosting;

/// <summary>
/// One line per request: method, route template, status, duration and the caller's user id (the correlation id
/// comes from the scope). Never the path's values, the query string, the body or a name: they may hold personal data.
/// 503 (the database is away) is a Warning, any other 5xx an Error, everything else Information.
/// </summary>
internal sealed partial class RequestLogMiddleware(RequestDelegate next, ILogger<RequestLogMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Routing runs first in a WebApplication, so the endpoint is known here; the exception handler clears it later.
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var status = context.Response.StatusCode;
            var level = status switch
            {
                StatusCodes.Status503ServiceUnavailable => LogLevel.Warning,
                >= 500 and not 499 => LogLevel.Error,
                _ => LogLevel.Information,
            };
            if (logger.IsEnabled(level))
            {
                var user = context.User.FindFirst(ClaimNames.Subject)?.Value ?? "-";
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(logger, level, context.Request.Method, route, status, elapsed, user);
            }
        }
    }

    [LoggerMessage(Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMs:0.0} ms for user {UserId}")]
    private static partial void LogRequest(ILogger logger, LogLevel level, string method, string route, int statusCode, double elapsedMs, string userId);
}
