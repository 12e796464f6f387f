using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Notifications;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Infrastructure.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "LinkWorker";

    /// <summary>Health checks with this tag decide /health/ready.</summary>
    public const string ReadyTag = "ready";

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<AuthenticationSettings>().Bind(configuration.GetSection(AuthenticationSettings.Section));
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);

        var provider = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        services.AddDbContext<LinkWorkerDbContext>(options => UseProvider(options, provider, connectionString));
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<LinkWorkerDbContext>());
        services.AddScoped<IParallelReads, ParallelReads>();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<LinkWorkerDbContext>();

        services.AddSingleton<ServerKeyStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<IAccountSignIn, AccountSignIn>();
        services.AddScoped<ITokenService, TokenService>();
        services.AddScoped<OpenIdClients>();
        services.AddSingleton<OpenIdPrincipals>();
        services.AddOpenIdServer(configuration);
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<DemoDataSeeder>();
        services.AddHostedService<DatabaseInitializer>();

        // After the initializer: the scheduler starts on a migrated database.
        services.AddScheduling(configuration, provider, connectionString);
        services.AddNotificationChannels(configuration);

        // Readiness: the database answers. Tagged so /health/live stays free of dependencies.
        services.AddHealthChecks().AddDbContextCheck<LinkWorkerDbContext>("database", tags: [ReadyTag]);
        return services;
    }

    /// <summary>The one place that knows the providers; SQL Server would be added here where it is served.</summary>
    public static void UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new SqliteConnectionStringBuilder(connectionString ?? "Data Source=data/linkworker.db")
                {
                    // The scheduler and the API write to one file: wait for the lock instead of failing at once.
                    DefaultTimeout = 30,
                    Pooling = true,
                };
                options.UseSqlite(sqlite.ToString());
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException(
                    $"Database:Provider is Postgres but ConnectionStrings:{ConnectionStringName} is not set."));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }

        // Migrations are hand-written (the EF design package is not served), so there is no model snapshot;
        // the schema-equivalence tests guard what this warning would.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }
}
