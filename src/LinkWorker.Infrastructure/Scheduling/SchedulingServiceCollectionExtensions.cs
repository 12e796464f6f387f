using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.FollowUps;
using LinkWorker.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace LinkWorker.Infrastructure.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>False runs this node without a scheduler: it still stores reminders, but fires nothing.</summary>
    public const string EnabledKey = "Scheduling:Enabled";

    public const string DispatchIntervalKey = "Notifications:DispatchIntervalSeconds";

    /// <summary>How many jobs one node runs at once; also the most triggers it claims in one round.</summary>
    public const string ThreadCountKey = "Scheduling:ThreadCount";

    public const string EscalationScanKey = "FollowUps:EscalationScanMinutes";

    public const int DefaultThreadCount = 8;

    public const int DefaultEscalationScanMinutes = 15;

    public const string HealthCheckName = "scheduler";

    /// <summary>All nodes must share it: it is the scheduler's key in the Quartz tables.</summary>
    public const string SchedulerName = "LinkWorker";

    // A live node checks in this often; one silent for interval plus threshold is dead and its work is recovered.
    private static readonly TimeSpan ClusterCheckinInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(15);

    // A round also claims triggers due this soon after the first: a minute's worth of reminders is taken in full
    // batches instead of one by one as each falls due; a check-in that fires half a second early is no harm.
    private static readonly TimeSpan BatchFireAheadWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Quartz on the application's own database: reminders and the recurring jobs survive restarts, and on
    /// PostgreSQL the nodes form a cluster in which each firing runs on exactly one node. Call it after the
    /// database initializer is registered: hosted services start in registration order.
    /// </summary>
    public static IServiceCollection AddScheduling(
        this IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var enabled = configuration.GetValue(EnabledKey, true);
        var dispatchSeconds = configuration.GetValue(DispatchIntervalKey, 15);
        if (dispatchSeconds < 1)
        {
            throw new InvalidOperationException($"{DispatchIntervalKey} must be at least 1.");
        }

        var threads = configuration.GetValue(ThreadCountKey, DefaultThreadCount);
        if (threads is < 1 or > 64)
        {
            throw new InvalidOperationException($"{ThreadCountKey} must be between 1 and 64.");
        }

        var escalationMinutes = configuration.GetValue(EscalationScanKey, DefaultEscalationScanMinutes);
        if (escalationMinutes < 1)
        {
            throw new InvalidOperationException($"{EscalationScanKey} must be at least 1.");
        }

        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = SchedulerName;
                // AUTO: a clustered node needs an id of its own; an unclustered (SQLite) scheduler ignores this.
                scheduler.GenerateInstanceId = true;
                // Never more than the threads: claimed triggers beyond them would wait on this node, unfireable by the other.
                scheduler.MaxBatchSize = threads;
                scheduler.BatchTriggerAcquisitionFireAheadTimeWindow = BatchFireAheadWindow;
            });
            // Each job holds a database connection while it runs (Npgsql pools 100 per node by default).
            quartz.UseDefaultThreadPool(threads);
            quartz.UsePersistentStore(store =>
            {
                switch (provider)
                {
                    case DatabaseProvider.Sqlite:
                        // One node; Quartz serialises its own SQLite work in-process, and the busy timeout makes it
                        // wait for the API's write transactions (and they for its) instead of failing.
                        store.UseSqlite(SqliteConnectionString(connectionString));
                        break;
                    case DatabaseProvider.Postgres:
                        store.UsePostgres(connectionString ?? throw new InvalidOperationException(
                            $"Database:Provider is Postgres but ConnectionStrings:{DependencyInjection.ConnectionStringName} is not set."));
                        store.UseClustering(cluster =>
                        {
                            cluster.CheckinInterval = ClusterCheckinInterval;
                            cluster.CheckinMisfireThreshold = ClusterCheckinMisfireThreshold;
                        });
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown database provider {provider}.");
                }

                store.UseSystemTextJsonSerializer();
                // The QRTZ_ tables live beside the application's; Quartz creates them itself (migrations do not).
                store.ProvisionSchema();
                // A shutdown interrupts running jobs; a reminder cut short is handed back and fired again.
                store.ConfigureStore(options => options.RecoverFiringsCancelledByShutdown = true);
            });
            quartz.ConfigureScheduler(scheduler => scheduler.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);

            quartz.AddJobType<FollowUpReminderJob>();
            if (enabled)
            {
                AddRecurringJobs(quartz, TimeSpan.FromSeconds(dispatchSeconds), TimeSpan.FromMinutes(escalationMinutes));
            }
        });

        // Re-declaring the recurring jobs at every start keeps their firing history, so a daily run missed while
        // the server was down still fires (misfire) instead of waiting for tomorrow.
        services.Configure<QuartzOptions>(options => options.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);

        if (enabled)
        {
            services.AddQuartzHostedService(options =>
            {
                options.AwaitApplicationStarted = true;
                options.WaitForJobsToComplete = true;
            });
        }

        services.AddSingleton<IReminderScheduler, QuartzReminderScheduler>();

        var health = services.AddHealthChecks();
        if (enabled)
        {
            health.AddCheck<SchedulerHealthCheck>(HealthCheckName, tags: [DependencyInjection.ReadyTag]);
        }
        else
        {
            health.AddCheck(HealthCheckName, () => HealthCheckResult.Healthy("Scheduling is switched off on this node."), [DependencyInjection.ReadyTag]);
        }

        return services;
    }

    private static void AddRecurringJobs(IQuartzBuilder quartz, TimeSpan dispatchInterval, TimeSpan escalationInterval)
    {
        quartz.ScheduleJob<FirstContactDeadlineJob>(
            trigger => trigger
                .WithIdentity(FirstContactDeadlineJob.Key.Name, FirstContactDeadlineJob.Key.Group)
                .WithCronSchedule(FirstContactDeadlineJob.Cron, cron => cron
                    .InTimeZone(TimeZones.FindById(FirstContactDeadlineJob.TimeZoneId))
                    // Missed while the server was down: run once as soon as it is back.
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)),
            job => job.WithIdentity(FirstContactDeadlineJob.Key));

        quartz.ScheduleJob<ReminderRepairJob>(
            trigger => trigger
                .WithIdentity(ReminderRepairJob.Key.Name, ReminderRepairJob.Key.Group)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(TimeSpan.FromHours(1))
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            job => job.WithIdentity(ReminderRepairJob.Key));

        quartz.ScheduleJob<NotificationDispatchJob>(
            (services, trigger) => trigger
                .WithIdentity(NotificationDispatchJob.Key.Name, NotificationDispatchJob.Key.Group)
                // First run one interval after start, not during it; by the application's clock, as Quartz's is.
                .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + dispatchInterval)
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(dispatchInterval)
                    .RepeatForever()
                    // Missed runs are not caught up one by one: the next run sends everything due.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (_, job) => job.WithIdentity(NotificationDispatchJob.Key));

        quartz.ScheduleJob<FollowUpEscalationScanJob>(
            (services, trigger) => trigger
                .WithIdentity(FollowUpEscalationScanJob.Key.Name, FollowUpEscalationScanJob.Key.Group)
                .StartAt(services.GetRequiredService<TimeProvider>().GetUtcNow() + escalationInterval)
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(escalationInterval)
                    .RepeatForever()
                    // A scan catches up with everything overdue, so missed runs need no replay.
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (_, job) => job.WithIdentity(FollowUpEscalationScanJob.Key));
    }

    // The same file and the same waiting rules as the application's DbContext (DependencyInjection.UseProvider).
    private static string SqliteConnectionString(string? connectionString) =>
        new SqliteConnectionStringBuilder(connectionString ?? "Data Source=data/linkworker.db")
        {
            DefaultTimeout = 30,
            Pooling = true,
        }.ToString();
}

/// <summary>Ready when the scheduler runs; it starts once the application has started.</summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var status = scheduler.Status;
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerInstanceId} is running.")
            : HealthCheckResult.Unhealthy($"Scheduler is {status}.");
    }
}
