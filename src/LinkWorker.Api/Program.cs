using LinkWorker.Api.Endpoints;
using LinkWorker.Api.Hosting;
using LinkWorker.Api.Security;
using LinkWorker.Application;
using LinkWorker.Infrastructure;
using LinkWorker.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

var builder = WebApplication.CreateBuilder(args);

builder.Logging.ClearProviders();
// JSON lines with a UTC timestamp, the node and the correlation id (docs/operations.md).
builder.Logging.AddConsole(options => options.FormatterName = JsonLogFormatter.FormatterName);
builder.Logging.AddConsoleFormatter<JsonLogFormatter, JsonLogFormatterOptions>(options =>
    options.Node = builder.Configuration["Node:Name"] is { Length: > 0 } node ? node : Environment.MachineName);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
    KestrelRejections.Configure(kestrel);
});

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi(builder.Configuration)
    .AddTelemetry(builder.Configuration)
    .AddLinkWorkerWeb(builder.Configuration);
builder.Services.AddJobsDashboard();

var app = builder.Build();

// `LinkWorker.Api audit verify`: the same check as GET /api/admin/audit/verify, for an operator's shell or cron.
if (args is ["audit", "verify", ..])
{
    return await AuditCommand.Verify(app);
}

app.UseMiddleware<CorrelationIdMiddleware>();
app.UseMiddleware<RequestLogMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestSizeLimitMiddleware>();

// The API description and its browsable UI: on in Development, elsewhere only when Api:OpenApi is true.
var openApi = app.Configuration.GetValue("Api:OpenApi", app.Environment.IsDevelopment());
if (openApi)
{
    // Static pages of the browsable UI, before authorization: its fallback policy covers requests without an endpoint.
    app.UseSwaggerUI(options =>
    {
        options.SwaggerEndpoint("/openapi/v1.json", "LinkWorker API v1");
        options.RoutePrefix = "swagger";
    });
}

// Rate limits first: the OpenID Connect server checks client credentials inside UseAuthentication.
app.UseRateLimiter();
app.UseAuthentication();
app.UseMiddleware<AccessTokenStatusMiddleware>();
app.UseAuthorization();

if (openApi)
{
    app.MapOpenApi().AllowAnonymous();
}

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions
{
    Predicate = check => check.Tags.Contains(LinkWorker.Infrastructure.DependencyInjection.ReadyTag),
    ResponseWriter = Readiness.Write,
}).AllowAnonymous();
app.MapEndpointGroups();
app.MapMetricsEndpoint();
app.MapJobsDashboard();
app.MapLinkWorkerWeb();

DemoBanner.PrintWhenStarted(app);
app.Run();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
