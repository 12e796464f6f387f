using LinkWorker.Api.Errors;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LinkWorker.Api.Hosting;

/// <summary>/health/ready: "Healthy", or 503 "Unhealthy" with Retry-After while the database cannot be reached.</summary>
internal static class Readiness
{
    public static Task Write(HttpContext context, HealthReport report)
    {
        if (report.Status != HealthStatus.Healthy)
        {
            context.Response.Headers.RetryAfter = ProblemDetailsExceptionHandler.RetryAfterSeconds;
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString());
    }
}
