using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkWorker.Infrastructure.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>False runs this node without a background server: it serves requests, but runs no jobs.</summary>
    public const string EnabledKey = "Scheduling:Enabled";

    public const string DispatchIntervalKey = "Notifications:DispatchIntervalSeconds";

    /// <summary>How many jobs one node runs at once.</summary>
    public const string ThreadCountKey = "Scheduling:ThreadCount";

    public const string EscalationScanKey = "FollowUps:EscalationScanMinutes";

    /// <summary>How often the reminder sweep runs, in seconds (a divisor of 60).</summary>
    public const string SweepIntervalKey = "Scheduling:ReminderSweepSeconds";

    public const string SweepBatchSizeKey = "Scheduling:ReminderBatchSize";

    public const int DefaultThreadCount = 8;

    public const int DefaultEscalationScanMinutes = 15;

    public const int DefaultSweepSeconds = 2;

    public const string HealthCheckName = "background-server";

    /// <summary>Hangfire's own tables live in this PostgreSQL schema, created by Hangfire (not by our migrations).</summary>
    public const string HangfireSchema = "hangfire";

    // A sweep every two seconds is 43,200 runs a day: keep the history of an hour, not Hangfire's default day.
    private static readonly TimeSpan KeepFinishedJobs = TimeSpan.FromHours(1);

    /// <summary>
    /// Hangfire for all background work (ADR 0020). PostgreSQL: its storage in the schema <see cref="HangfireSchema"/>
    /// of the application's database, shared by the nodes, so each recurring run happens on one node. SQLite (one
    /// node): in memory, since every durable fact is in the application's tables and the recurring jobs are
    /// declared again at every start. Call it after the database initializer is registered: hosted services start
    /// in registration order.
    /// </summary>
    public static IServiceCollection AddScheduling(
        this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabled = configuration.GetValue(EnabledKey, true);
        var settings = new JobSchedule(
            Seconds(configuration, SweepIntervalKey, DefaultSweepSeconds),
            Seconds(configuration, DispatchIntervalKey, 15),
            configuration.GetValue(EscalationScanKey, DefaultEscalationScanMinutes));
        if (settings.EscalationMinutes is < 1 or > 59)
        {
            throw new InvalidOperationException($"{EscalationScanKey} must be between 1 and 59.");
        }

        var threads = configuration.GetValue(ThreadCountKey, DefaultThreadCount);
        if (threads is < 1 or > 64)
        {
            throw new InvalidOperationException($"{ThreadCountKey} must be between 1 and 64.");
        }

        // This host's own storage and job activator. Hangfire's defaults read its static JobStorage.Current and
        // JobActivator.Current, which the last host configured in the process sets: a test run's other hosts, or the
        // bench's second node. A server then built its jobs from another host's (disposed) services.
        services.AddSingleton<JobStorage>(_ => CreateStorage(provider, connectionString));
        services.AddSingleton<JobActivator>(serviceProvider => new AspNetCoreJobActivator(serviceProvider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((serviceProvider, config) =>
        {
            config.UseLogProvider(new HostLogProvider(serviceProvider.GetRequiredService<ILoggerFactory>()));
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(serviceProvider.GetRequiredService<JobStorage>());
        });

        services.AddSingleton(settings);
        services.AddSingleton<ReminderSweepGate>();
        services.AddTransient<ReminderSweepJob>();
        services.AddTransient<FollowUpEscalationScanJob>();
        services.AddTransient<FirstContactDeadlineJob>();
        services.AddTransient<GuideLoadReconciliationJob>();
        services.AddTransient<NotificationDispatchJob>();
        services.AddTransient<FieldReencryptionJob>();
        services.AddSingleton<ReencryptionPasses>();
        services.AddTransient<RetentionJob>();
        services.AddTransient<DatabaseMaintenanceJob>();

        var health = services.AddHealthChecks();
        if (enabled)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = threads;
                // Recurring runs every few seconds need the schedulers to look every second (the default is 15 s).
                options.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                options.ServerCheckInterval = TimeSpan.FromSeconds(30);
                options.HeartbeatInterval = TimeSpan.FromSeconds(10);
            });
            services.AddHostedService<RecurringJobRegistration>();
            health.AddCheck<BackgroundServerHealthCheck>(HealthCheckName, tags: [DependencyInjection.ReadyTag]);
        }
        else
        {
            health.AddCheck(HealthCheckName, () => HealthCheckResult.Healthy("Background jobs are switched off on this node."), [DependencyInjection.ReadyTag]);
        }

        return services;
    }

    private static JobStorage CreateStorage(DatabaseProvider provider, string? connectionString)
    {
        JobStorage storage = provider switch
        {
            DatabaseProvider.Sqlite => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
            DatabaseProvider.Postgres => PostgresStorage(connectionString ?? throw new InvalidOperationException(
                $"Database:Provider is Postgres but ConnectionStrings:{DependencyInjection.ConnectionStringName} is not set.")),
            _ => throw new InvalidOperationException($"Unknown database provider {provider}."),
        };
        storage.JobExpirationTimeout = KeepFinishedJobs;
        return storage;
    }

    private static PostgreSqlStorage PostgresStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema,
            PrepareSchemaIfNecessary = true,
            // Idle nodes pick up a queued run at once (LISTEN/NOTIFY), else within a second.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            DistributedLockTimeout = TimeSpan.FromSeconds(30),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static int Seconds(IConfiguration configuration, string key, int fallback)
    {
        var seconds = configuration.GetValue(key, fallback);
        if (seconds < 1 || (seconds < 60 ? 60 % seconds : seconds % 60) != 0)
        {
            throw new InvalidOperationException($"{key} must divide a minute (1–30 seconds) or be whole minutes.");
        }

        return seconds;
    }
}

/// <summary>How often the recurring jobs run.</summary>
public sealed record JobSchedule(int SweepSeconds, int DispatchSeconds, int EscalationMinutes)
{
    /// <summary>A cron expression for "every <paramref name="seconds"/> seconds" (six fields: with seconds).</summary>
    public static string EverySeconds(int seconds) => seconds < 60 ? $"*/{seconds} * * * * *" : $"0 */{seconds / 60} * * * *";
}

/// <summary>
/// Declares the recurring jobs at every start. AddOrUpdate is idempotent, and Hangfire runs each occurrence once
/// across the nodes; a daily run missed while every node was down runs once when one is back.
/// </summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager recurring, JobSchedule schedule) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<ReminderSweepJob>(ReminderSweepJob.Id, j => j.Run(CancellationToken.None), JobSchedule.EverySeconds(schedule.SweepSeconds));
        recurring.AddOrUpdate<NotificationDispatchJob>(
            NotificationDispatchJob.Id, j => j.Run(CancellationToken.None), JobSchedule.EverySeconds(schedule.DispatchSeconds));
        recurring.AddOrUpdate<FollowUpEscalationScanJob>(
            FollowUpEscalationScanJob.Id, j => j.Run(CancellationToken.None), $"*/{schedule.EscalationMinutes} * * * *");
        recurring.AddOrUpdate<FirstContactDeadlineJob>(
            FirstContactDeadlineJob.Id, j => j.Run(CancellationToken.None), FirstContactDeadlineJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(FirstContactDeadlineJob.TimeZoneId) });
        recurring.AddOrUpdate<GuideLoadReconciliationJob>(GuideLoadReconciliationJob.Id, j => j.Run(CancellationToken.None), GuideLoadReconciliationJob.Cron);
        recurring.AddOrUpdate<FieldReencryptionJob>(FieldReencryptionJob.Id, j => j.Run(CancellationToken.None), FieldReencryptionJob.Cron);
        recurring.AddOrUpdate<RetentionJob>(
            RetentionJob.Id, j => j.Run(CancellationToken.None), RetentionJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(FirstContactDeadlineJob.TimeZoneId) });
        recurring.AddOrUpdate<DatabaseMaintenanceJob>(DatabaseMaintenanceJob.Id, j => j.Run(CancellationToken.None), DatabaseMaintenanceJob.Cron);

        // Quartz's repair job also ran at start; a node that starts checks the counters once.
        recurring.Trigger(GuideLoadReconciliationJob.Id);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Ready when this node's background server is running and has checked in with the job storage lately.</summary>
public sealed class BackgroundServerHealthCheck(JobStorage storage) : IHealthCheck
{
    private static readonly TimeSpan Silence = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The monitoring API speaks to the storage synchronously; a check is rare enough.
        var servers = storage.GetMonitoringApi().Servers();
        // Hangfire names a server "machine:process:guid".
        var prefix = $"{Environment.MachineName}:{Environment.ProcessId}:";
        var live = servers.Where(s => s.Heartbeat is { } beat && DateTime.UtcNow - beat < Silence).ToList();
        var mine = live.Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        return Task.FromResult(mine.Count > 0
            ? HealthCheckResult.Healthy($"Background server running ({live.Count} in the cluster).")
            : HealthCheckResult.Unhealthy("No background server of this node has checked in."));
    }
}
