using System.Net;
using System.Net.Sockets;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.PageBench;

/// <summary>
/// The whole application as `dotnet run` starts it (Program: API, embedded OpenID Connect provider, web pages) on a
/// real Kestrel port on 127.0.0.1, in demo mode on the given database. The bench talks to it over HTTP only.
/// </summary>
internal sealed class PageApp : WebApplicationFactory<global::Program>
{
    public const string DemoPassword = "Demo-2026!";

    private readonly DatabaseProvider _provider;
    private readonly string _connectionString;

    public PageApp(DatabaseProvider provider, string connectionString)
    {
        _provider = provider;
        _connectionString = connectionString;
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    /// <summary>Each request's time and SQL commands, seen from inside the app.</summary>
    public ServerMeter Meter { get; } = new();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // The pages' styles and scripts from the web project's static web assets, as under `dotnet run`.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", _provider.ToString());
        builder.UseSetting($"ConnectionStrings:{LinkWorker.Infrastructure.DependencyInjection.ConnectionStringName}", _connectionString);
        // As a published app serves them: the build's precompressed files. From a build, MapStaticAssets otherwise
        // watches wwwroot and re-wraps a changed file in gzip without compressing it (a development aid).
        builder.UseSetting("ReloadStaticAssetsAtRuntime", "false");
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("RateLimiting:AuthPermitsPerMinute", "100000");
        builder.UseSetting("Authentication:Issuer", BaseAddress + "");
        builder.UseSetting("Authentication:WebOrigins:0", BaseAddress.ToString().TrimEnd('/'));
        builder.UseSetting("Authentication:AllowHttp", "true");
        // The background jobs (escalation and first-contact scans over 100,000 cases) would compete for the two
        // cores at random moments; the pages are what is measured.
        builder.UseSetting(SchedulingServiceCollectionExtensions.EnabledKey, "false");
        // One JSON line per request to the console would measure the terminal; warnings and errors still show.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "None");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter>(Meter);
            services.ConfigureDbContext<LinkWorkerDbContext>(options => options.AddInterceptors(Meter), ServiceLifetime.Singleton);
        });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
