using LinkWorker.Application.Auth;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Auditing;
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
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure;

public static class DependencyInjection
{
    public const string ConnectionStringName = "LinkWorker";

    /// <summary>Health checks with this tag decide /health/ready.</summary>
    public const string ReadyTag = "ready";

    private static readonly string[] PoolSizeKeywords = ["Maximum Pool Size", "MaxPoolSize"];
    private static readonly string[] NoResetKeywords = ["No Reset On Close", "NoResetOnClose"];

    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.Section));
        services.AddOptions<AuthenticationSettings>().Bind(configuration.GetSection(AuthenticationSettings.Section));
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section));
        services.AddSingleton(TimeProvider.System);

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = database.Provider;
        var connectionString = WithSessionLimits(provider, configuration.GetConnectionString(ConnectionStringName), database);
        services.AddSingleton(sp => AuditChain.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new Encryption.KeyRing(
            Encryption.MasterKeys.FromConfiguration(sp.GetRequiredService<IConfiguration>()), () => Encryption.KeyRingReload.Read(sp)));
        services.AddSingleton<Encryption.FieldCipher>();
        services.AddScoped<Encryption.FieldReencryption>();
        // The options are built once, not per request: per scope, building them and finding EF Core's internal
        // services for them was 2% of a referral's CPU (ADR 0039). Nothing in them depends on the request.
        services.AddDbContext<LinkWorkerDbContext>(
            options => UseProvider(options, provider, connectionString, database.CommandTimeoutSeconds), optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<LinkWorkerDbContext>());
        services.AddSingleton<ReferenceDataInvalidation>();
        services.ConfigureDbContext<LinkWorkerDbContext>(
            (sp, options) => options.AddInterceptors(sp.GetRequiredService<ReferenceDataInvalidation>()), ServiceLifetime.Singleton);
        services.AddScoped<IParallelReads>(sp => new ParallelReads(sp, overlapsRoundTrips: provider != DatabaseProvider.Sqlite));
        services.AddScoped<IQueueVisits, QueueVisits>();
        services.AddSingleton<LinkWorker.Application.Reports.IReportQueries, ReportQueries>();
        services.AddSingleton<IDatabaseWriteGate>(provider == DatabaseProvider.Sqlite ? new SqliteWriteGate() : new NoWriteGate());
        if (provider == DatabaseProvider.Sqlite)
        {
            var sqlite = SqliteConnectionString(connectionString, database.CommandTimeoutSeconds);
            services.AddHostedService(sp => new SqliteWalCheckpoints(
                sqlite, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SqliteWalCheckpoints>>()));
        }
        services.AddScoped<IUnitOfWorkTransactions, UnitOfWorkTransactions>();
        services.AddScoped<LinkWorker.Application.Common.Scheduling.IDueFollowUpClaims, Scheduling.DueFollowUpClaims>();
        services.AddScoped<LinkWorker.Application.Audit.IAuditChainVerifier, AuditChainVerifier>();

        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<LinkWorkerDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>()
            // Authenticator codes are accepted once (RFC 6238 §5.2, ADR 0019).
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);

        services.AddSingleton<ServerKeyStore>();
        services.AddHttpContextAccessor();
        services.AddScoped<IAccountSignIn, AccountSignIn>();
        services.AddScoped<ISecondFactor, SecondFactor>();
        services.AddScoped<ITokenService, TokenService>();
        services.AddScoped<OpenIdClients>();
        services.AddSingleton<OpenIdPrincipals>();
        services.AddScoped<OpenIdClientRegistry>();
        services.AddScoped<LinkWorker.Application.Clients.IClientRegistry>(sp => sp.GetRequiredService<OpenIdClientRegistry>());
        services.AddScoped<SystemClients>();
        services.AddScoped<ClientAssertionReplay>();
        services.AddOpenIdServer(configuration);
        services.AddScoped<IUserDirectory, UserDirectory>();
        services.AddScoped<LinkWorker.Application.Accounts.IAccountStore, AccountStore>();
        services.AddScoped<AccessTokenStatus>();
        services.AddScoped<DemoDataSeeder>();
        services.AddScoped<DemoSystemClients>();
        // First of all hosted services: Data Protection's key-ring warm-up (and the scheduler) must find a migrated database.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseInitializer>());

        // After the initializer: the scheduler starts on a migrated database.
        services.AddScheduling(configuration, provider, connectionString);
        services.AddNotificationChannels(configuration);

        // Readiness: the database answers. Tagged so /health/live stays free of dependencies.
        services.AddHealthChecks().AddDbContextCheck<LinkWorkerDbContext>("database", tags: [ReadyTag]);
        return services;
    }

    /// <summary>The one place that knows the providers; SQL Server would be added here where it is served.</summary>
    public static void UseProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string? connectionString, int commandTimeoutSeconds = 30)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(SqliteConnectionString(connectionString, commandTimeoutSeconds));
                options.AddInterceptors(SqliteConnectionPragmas.Of(commandTimeoutSeconds), SqliteFirstWriteInterceptor.Instance);
                break;
            case DatabaseProvider.Postgres:
                // No retrying execution strategy (ADR 14): a failed unit of work answers 503 and the client retries
                // with its Idempotency-Key; the default strategy's "transient failure" wrapper is mapped the same way.
                options.UseNpgsql(
                    connectionString ?? throw new InvalidOperationException(
                        $"Database:Provider is Postgres but ConnectionStrings:{ConnectionStringName} is not set."),
                    npgsql => npgsql.CommandTimeout(commandTimeoutSeconds));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }

        // Migrations are hand-written (the EF design package is not served), so there is no model snapshot;
        // the schema-equivalence tests guard what this warning would.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

        // A failed command is not by itself an error: the losing insert of an idempotency race, a handled unique
        // clash, a client that went away, or the first start on an empty database. The request log and the
        // exception handler decide the level of what the failure meant (503 Warning, 500 Error).
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.CommandError, Microsoft.Extensions.Logging.LogLevel.Information),
            (RelationalEventId.TransactionError, Microsoft.Extensions.Logging.LogLevel.Information),
            (RelationalEventId.ConnectionError, Microsoft.Extensions.Logging.LogLevel.Information),
            (CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Information),
            (CoreEventId.QueryIterationFailed, Microsoft.Extensions.Logging.LogLevel.Information)));
    }

    private static string SqliteConnectionString(string? connectionString, int commandTimeoutSeconds) =>
        new SqliteConnectionStringBuilder(connectionString ?? "Data Source=data/linkworker.db")
        {
            // The scheduler and the API write to one file: wait for the lock instead of failing at once.
            DefaultTimeout = commandTimeoutSeconds,
            Pooling = true,
        }.ToString();

    /// <summary>
    /// PostgreSQL: end sessions left idle in a transaction (docs/operations.md), bound the node's connection pool
    /// (ADR 34) and return connections to it without <c>DISCARD ALL</c> (ADR 38). Settings already in the string win.
    /// </summary>
    public static string? WithSessionLimits(DatabaseProvider provider, string? connectionString, DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (provider != DatabaseProvider.Postgres || connectionString is null)
        {
            return connectionString;
        }

        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (database.MaxPoolSize > 0 && !PoolSizeKeywords.Any(given.ContainsKey))
        {
            builder.MaxPoolSize = database.MaxPoolSize;
        }

        // Nothing sets session state on a pooled connection (no SET, temporary table or held advisory lock), so the
        // reset each checkout would send is PostgreSQL work for nothing: a sixth of its CPU per referral (ADR 38).
        if (!NoResetKeywords.Any(given.ContainsKey))
        {
            builder.NoResetOnClose = true;
        }

        if (database.IdleInTransactionTimeoutSeconds > 0 && builder.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
        {
            var limit = $"-c idle_in_transaction_session_timeout={database.IdleInTransactionTimeoutSeconds * 1000}";
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? limit : $"{builder.Options} {limit}";
        }

        return builder.ConnectionString;
    }
}
