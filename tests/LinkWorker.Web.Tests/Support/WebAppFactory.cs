using System.Net;
using System.Net.Sockets;
using LinkWorker.Application.Common.Security;
using LinkWorker.Infrastructure;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Tests.Support;

/// <summary>
/// The whole application (API, embedded OpenID Connect provider, web pages) on a real Kestrel port on 127.0.0.1,
/// on a database of its own with the demo data, with a clock the tests can move. The browser talks to it over HTTP.
/// </summary>
public abstract class WebAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo-2026!";

    protected WebAppFactory()
    {
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ShiftableTimeProvider Clock { get; } = new();

    protected abstract DatabaseProvider Provider { get; }

    protected string ConnectionString { get; set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await CreateDatabase();
        if (ConnectionString.Length > 0)
        {
            StartServer();
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DropDatabase();
    }

    protected virtual Task CreateDatabase() => Task.CompletedTask;

    protected virtual Task DropDatabase() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The pages' styles and scripts come from the web project's static web assets, as under `dotnet run`.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{DependencyInjection.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("RateLimiting:AuthPermitsPerMinute", "100000");
        builder.UseSetting("Authentication:Issuer", BaseUrl + "/");
        builder.UseSetting("Authentication:WebOrigins:0", BaseUrl);
        builder.UseSetting("Authentication:AllowHttp", "true");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Sends a request as the background system user of a municipality, as the scheduler's jobs do.</summary>
    public async Task<T> SendAsSystem<T>(IRequest<T> request, string municipalityCode = "0751")
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(
            new StaticUser(Guid.Parse("00000000-0000-0000-0000-00000000005e"), municipalityCode, null, [Roles.System]));
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>
    /// Sends a request as a demo person, through the same pipeline as their pages (to set a scene quickly; the
    /// journeys themselves go through the browser).
    /// </summary>
    public async Task<T> SendAs<T>(string userName, IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LinkWorker.Infrastructure.Identity.ApplicationUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No demo user {userName}.");
        var roles = await users.GetRolesAsync(user);
        scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(new StaticUser(user.Id, user.MunicipalityCode, user.OrganisationId, roles.ToList()));
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    /// <summary>Reads the database directly, outside any user's municipality scope (to check what a page did).</summary>
    public async Task<T> WithDatabase<T>(Func<LinkWorkerDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteWebApp : WebAppFactory
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "linkworker-web-tests", Guid.NewGuid().ToString("N"));

    public SqliteWebApp() => ConnectionString = $"Data Source={Path.Combine(_folder, "linkworker.db")}";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task CreateDatabase()
    {
        System.IO.Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    protected override Task DropDatabase()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }

        return Task.CompletedTask;
    }
}

public sealed class PostgresWebApp : WebAppFactory
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task CreateDatabase()
    {
        // Where PostgreSQL is missing and not required, the tests are skipped; the server is then not started.
        if (PostgresRequirement.SkipReason is null)
        {
            ConnectionString = await PostgresCluster.CreateDatabaseAsync("web_" + Guid.NewGuid().ToString("N")[..8]);
        }
    }

    protected override async Task DropDatabase()
    {
        if (ConnectionString.Length > 0)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await PostgresCluster.DropDatabaseAsync(ConnectionString);
        }
    }
}

/// <summary>Real time that a test can move forward (due reminders, deadlines) without sleeping.</summary>
public sealed class ShiftableTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}
