// The reference for start-up and memory (issue 18): a bare ASP.NET Core app with a readiness endpoint, nothing else.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
var app = builder.Build();
app.MapHealthChecks("/health/ready");
app.MapGet("/", () => "bare");
await app.RunAsync();
