using System.Diagnostics.Metrics;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Security;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LinkWorker.Api.Hosting;

/// <summary>Settings under <c>Telemetry</c> (see docs/operations.md).</summary>
internal sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    public PrometheusSettings Prometheus { get; init; } = new();

    internal sealed class PrometheusSettings
    {
        /// <summary>Serve the scrape endpoint at all.</summary>
        public bool Enabled { get; init; } = true;

        public string Path { get; init; } = "/api/admin/metrics";

        /// <summary>
        /// When set, the scrape endpoint answers only on this port (which must also be in <c>Urls</c>) and without a
        /// token: the port is for the monitoring network, not the public listener. Otherwise it needs an administrator's token.
        /// </summary>
        public int? ManagementPort { get; init; }
    }
}

/// <summary>
/// Metrics and traces with OpenTelemetry: the business meter, ASP.NET Core, HttpClient and Npgsql. Metrics are
/// scraped by Prometheus; both signals go to an OTLP collector when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// setting names one. Without a collector no traces are recorded at all.
/// </summary>
internal static class Telemetry
{
    // Standard OpenTelemetry setting; the exporter reads it (and OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS…) itself.
    private const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        services.AddSingleton(settings);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

        // The resource is built in order, later entries winning: name the service only where OTEL_SERVICE_NAME does not.
        var named = !string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]);
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (!named)
            {
                resource.AddService("LinkWorker");
            }
        });
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(LinkWorkerMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation();
            if (settings.Prometheus.Enabled)
            {
                // Every scrape is fresh: only an administrator or the monitoring network reaches it.
                metrics.AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });

        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) => metrics.AddView(OnlyThisHost(provider.GetRequiredService<IMeterFactory>())));

        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path, settings))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        }

        return services;
    }

    /// <summary>The Prometheus scrape endpoint: an administrator's token, or the management port without one.</summary>
    public static void MapMetricsEndpoint(this WebApplication app)
    {
        var prometheus = app.Services.GetRequiredService<TelemetrySettings>().Prometheus;
        if (!prometheus.Enabled)
        {
            return;
        }

        var endpoint = app.MapPrometheusScrapingEndpoint(prometheus.Path);
        if (prometheus.ManagementPort is { } port)
        {
            endpoint.RequireHost($"*:{port}").AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Administrator));
        }
    }

    // The SDK listens to every meter of a name in the process. Meters made by another host's factory (a second
    // server in the same process, as in the tests) belong to that host; library meters without a factory stay.
    private static Func<Instrument, MetricStreamConfiguration?> OnlyThisHost(IMeterFactory ours) => instrument =>
        instrument.Meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, ours) ? MetricStreamConfiguration.Drop : null;

    // Probes and scrapes would drown the traces of real requests.
    private static bool IsPlumbing(PathString path, TelemetrySettings settings) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) ||
        path.StartsWithSegments(settings.Prometheus.Path, StringComparison.OrdinalIgnoreCase);
}
