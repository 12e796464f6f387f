using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LinkWorker.Infrastructure;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Api.Tests.Support;

/// <summary>
/// The real API in memory: the real pipeline with authentication, on a real database of its own (one per test
/// class), with demo data for Aarhus and Odsherred. Time can be shifted; logs are captured.
/// </summary>
public abstract class LinkWorkerApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Demo-2026!";

    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public ShiftableTimeProvider Clock { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    protected abstract DatabaseProvider Provider { get; }

    protected string ConnectionString { get; set; } = "";

    /// <summary>The audit chains' key in every test server (each node of a cluster must share it).</summary>
    public const string AuditChainKey = "dGVzdC1hdWRpdC1jaGFpbi1rZXktMzItYnl0ZXMtbG9uZyE=";

    /// <summary>The master key of the encryption key ring in every test server (ADR 26).</summary>
    public const string MasterKey = "dGVzdC1tYXN0ZXIta2V5LW9mLXRoaXJ0eS10d28tYnk=";

    /// <summary>Another server on the same database: a restart, or a second node of a cluster. The caller disposes it.</summary>
    public abstract LinkWorkerApiFactory NodeOnSameDatabase();

    /// <summary>Extra settings for a test class that needs them (a low rate limit, say).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Interceptors a class adds to every context of its host (one that counts or interleaves commands).</summary>
    protected virtual IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor> Interceptors => [];

    Task IAsyncLifetime.InitializeAsync() => CreateDatabase();

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
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting($"ConnectionStrings:{DependencyInjection.ConnectionStringName}", ConnectionString);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Password", DemoPassword);
        builder.UseSetting("RateLimiting:AuthPermitsPerMinute", "100000");
        builder.UseSetting("Api:OpenApi", "true");
        // No background server: tests run the jobs themselves, by the test's clock (ADR 0020); a class that needs
        // the server turns it on in Settings.
        builder.UseSetting("Scheduling:Enabled", "false");
        builder.UseSetting("Audit:ChainKey", AuditChainKey);
        builder.UseSetting("DataProtection:MasterKey", MasterKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        if (Interceptors.Any())
        {
            builder.ConfigureTestServices(services => services.ConfigureDbContext<LinkWorkerDbContext>(
                options => options.AddInterceptors(Interceptors), ServiceLifetime.Singleton));
        }
    }

    /// <summary>Moves the application's clock; cached tokens are dropped, since they belong to the old time.</summary>
    public void MoveClock(TimeSpan by)
    {
        Clock.Advance(by);
        _tokens.Clear();
    }

    /// <summary>A client signed in as a demo user (tokens are cached per user for speed).</summary>
    public async Task<HttpClient> ClientFor(string userName)
    {
        var client = CreateClient();
        if (!_tokens.TryGetValue(userName, out var token))
        {
            var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password = DemoPassword });
            response.EnsureSuccessStatusCode();
            token = (await response.Content.ReadFromJsonAsync<TokenResponse>())!.AccessToken;
            _tokens[userName] = token;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a throwaway account (for tests that lock it out or must not share tokens).</summary>
    public async Task<string> CreateUser(string role, string municipalityCode = "0751")
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LinkWorker.Infrastructure.Identity.ApplicationUser>>();
        var user = new LinkWorker.Infrastructure.Identity.ApplicationUser
        {
            Id = Guid.CreateVersion7(),
            UserName = $"test.{Guid.NewGuid():N}",
            DisplayName = "Test user",
            MunicipalityCode = municipalityCode,
        };
        (await users.CreateAsync(user, DemoPassword)).Succeeded.Should().BeTrue();
        (await users.AddToRoleAsync(user, role)).Succeeded.Should().BeTrue();
        return user.UserName;
    }

    /// <summary>Sends a request as the background system user of a municipality, as the scheduler's jobs do.</summary>
    public async Task<T> SendAsSystem<T>(Mediator.IRequest<T> request, string municipalityCode = "0751")
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<LinkWorker.Application.Common.Security.IUserImpersonation>().Impersonate(
            new LinkWorker.Application.Common.Security.StaticUser(
                Guid.Parse("00000000-0000-0000-0000-00000000005e"), municipalityCode, null, [LinkWorker.Application.Common.Security.Roles.System]));
        return await scope.ServiceProvider.GetRequiredService<Mediator.ISender>().Send(request);
    }

    /// <summary>Runs code against the database directly, outside any user's municipality scope.</summary>
    public async Task<T> WithDatabase<T>(Func<LinkWorkerDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>());
    }

    public sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn);
}

public class SqliteApiFactory : LinkWorkerApiFactory
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "linkworker-tests", Guid.NewGuid().ToString("N"));

    public SqliteApiFactory() => ConnectionString = $"Data Source={Path.Combine(_folder, "linkworker.db")}";

    private SqliteApiFactory(string connectionString, string folder)
    {
        ConnectionString = connectionString;
        _folder = folder;
    }

    public override LinkWorkerApiFactory NodeOnSameDatabase() => new SqliteApiFactory(ConnectionString, _folder);

    /// <summary>The database file this server uses (a backup's source).</summary>
    public string DatabaseFile => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource;

    /// <summary>A server on another database file (a restored backup); the caller disposes it and deletes the file.</summary>
    public static LinkWorkerApiFactory OnFile(string path) => new SqliteApiFactory($"Data Source={path}", Path.GetDirectoryName(path)!);

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

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

public class PostgresApiFactory : LinkWorkerApiFactory
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override LinkWorkerApiFactory NodeOnSameDatabase() => new PostgresNode(ConnectionString);

    /// <summary>This server's database (a backup's source).</summary>
    public string DatabaseConnectionString => ConnectionString;

    /// <summary>A server on another database (a restored backup); the caller disposes it and drops the database.</summary>
    public static LinkWorkerApiFactory OnDatabase(string connectionString) => new PostgresNode(connectionString);

    private sealed class PostgresNode : LinkWorkerApiFactory
    {
        public PostgresNode(string connectionString) => ConnectionString = connectionString;

        protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override LinkWorkerApiFactory NodeOnSameDatabase() => new PostgresNode(ConnectionString);
    }

    protected override async Task CreateDatabase()
    {
        // Where PostgreSQL is missing and not required, the tests are skipped; do not fail the fixture.
        if (PostgresRequirement.SkipReason is null)
        {
            ConnectionString = await PostgresCluster.CreateDatabaseAsync(GetType().Name);
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
