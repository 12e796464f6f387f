using System.Collections.Concurrent;
using LinkWorker.Application;
using LinkWorker.Application.Common.Scheduling;
using LinkWorker.Application.Common.Security;
using LinkWorker.Infrastructure;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace LinkWorker.ReminderBench;

/// <summary>
/// One application node without HTTP: the application and infrastructure exactly as the API registers them
/// (database initializer, Quartz in the PostgreSQL cluster, notification channels), a bench user in place of
/// the HTTP one, and a job listener that counts this node's reminder firings.
/// </summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private static readonly TimeSpan SchedulerStartTimeout = TimeSpan.FromSeconds(60);

    private BenchNode(int number, IHost host, IScheduler scheduler, FiringCounter firings)
    {
        Number = number;
        Host = host;
        Scheduler = scheduler;
        Firings = firings;
        Reminders = host.Services.GetRequiredService<IReminderScheduler>();
    }

    public int Number { get; }

    public IHost Host { get; }

    public IScheduler Scheduler { get; }

    public string InstanceId => Scheduler.SchedulerInstanceId;

    public FiringCounter Firings { get; }

    public IReminderScheduler Reminders { get; }

    public IServiceProvider Services => Host.Services;

    /// <param name="databaseConnection">The bench database; the node adds its own Application Name.</param>
    /// <param name="seedDemo">Only the first node seeds: the demo data is then there for the others.</param>
    public static async Task<BenchNode> StartAsync(
        int number, string databaseConnection, bool seedDemo, LogTally logs, CancellationToken cancellationToken)
    {
        // Its own Application Name gives each node its own Npgsql pool (as separate servers would have) and
        // makes the nodes tell apart in pg_stat_activity.
        var connection = new NpgsqlConnectionStringBuilder(databaseConnection) { ApplicationName = $"reminder-bench-node{number}" }.ConnectionString;

        // No defaults: no appsettings or environment variables of the caller's shell can change the setup.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ApplicationName = "LinkWorker.ReminderBench",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            [$"ConnectionStrings:{LinkWorker.Infrastructure.DependencyInjection.ConnectionStringName}"] = connection,
            ["Demo:Enabled"] = seedDemo ? "true" : "false",
            [SchedulingServiceCollectionExtensions.EnabledKey] = "true",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs.For(number));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var firings = new FiringCounter(number);
        builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
        // What HttpCurrentUser does for work without a request: nobody until a job impersonates its system user.
        builder.Services.AddScoped(_ => new BenchCurrentUser());
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<BenchCurrentUser>());
        builder.Services.AddScoped<IUserImpersonation>(sp => sp.GetRequiredService<BenchCurrentUser>());
        // Quartz's DI factory attaches registered job listeners to the scheduler it builds.
        builder.Services.AddSingleton<IJobListener>(firings);
        // The bench, not each host, reacts to Ctrl+C and SIGTERM: it stops the nodes itself and still reports.
        builder.Services.AddSingleton<IHostLifetime>(new BenchLifetime());

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);

            // Quartz starts once the host has started, in the background: wait until this node really runs.
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(SchedulerStartTimeout);
            while (scheduler.Status != SchedulerStatus.Running)
            {
                await Task.Delay(100, timeout.Token);
            }

            if (scheduler.ListenerManager.GetJobListener(firings.Name) is null)
            {
                scheduler.ListenerManager.AddJobListener(firings);
            }

            return new BenchNode(number, host, scheduler, firings);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Host.StopAsync(timeout.Token);
    }

    public ValueTask DisposeAsync()
    {
        Host.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A host lifetime without signal handling (the default one would stop a node on Ctrl+C behind the bench's back).</summary>
internal sealed class BenchLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The bench's <see cref="ICurrentUser"/>: anonymous, except in a scope that impersonates (the scheduler's jobs).</summary>
internal sealed class BenchCurrentUser : ICurrentUser, IUserImpersonation
{
    private ICurrentUser? _impersonated;

    public bool IsAuthenticated => _impersonated?.IsAuthenticated ?? false;

    public Guid? UserId => _impersonated?.UserId;

    public string? MunicipalityCode => _impersonated?.MunicipalityCode;

    public Guid? OrganisationId => _impersonated?.OrganisationId;

    public IReadOnlyList<string> Roles => _impersonated?.Roles ?? [];

    public string? CorrelationId => _impersonated?.CorrelationId;

    public void Impersonate(ICurrentUser user) => _impersonated = user;
}

/// <summary>Counts this node's reminder-job executions, as Quartz reports them.</summary>
internal sealed class FiringCounter(int node) : IJobListener
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecurringRun> _recurring = new();
    private long _started;
    private long _succeeded;
    private long _failed;
    private long _recovering;
    private long _retries;
    private long _running;

    public string Name => $"reminder-bench-node{node}";

    public long Started => Interlocked.Read(ref _started);

    public long Succeeded => Interlocked.Read(ref _succeeded);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Firings Quartz ran as recovery of a firing another (presumed dead) node had started.</summary>
    public long Recovering => Interlocked.Read(ref _recovering);

    /// <summary>Runs of the trigger's retry policy after a failed run.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    public long Running => Interlocked.Read(ref _running);

    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>Runs of the recurring jobs (dispatch, reminder repair…) on this node: they compete with the firings.</summary>
    public IReadOnlyCollection<RecurringRun> RecurringRuns => _recurring;

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (IsReminder(context))
        {
            Interlocked.Increment(ref _started);
            Interlocked.Increment(ref _running);
            if (context.Recovering)
            {
                Interlocked.Increment(ref _recovering);
            }

            if (context.RetryAttempt > 0)
            {
                Interlocked.Increment(ref _retries);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (context.JobDetail.Key.Group == NotificationDispatchJob.Key.Group)
        {
            _recurring.Enqueue(new RecurringRun(context.JobDetail.Key.Name, context.FireTimeUtc, context.JobRunTime, jobException is null));
        }

        if (IsReminder(context))
        {
            Interlocked.Decrement(ref _running);
            if (jobException is null)
            {
                Interlocked.Increment(ref _succeeded);
            }
            else
            {
                Interlocked.Increment(ref _failed);
                // The job hands Quartz the failure's type only (ScheduledWorkFailedException's message).
                var reason = jobException.InnerException?.Message ?? jobException.Message;
                _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
            }
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsReminder(IJobExecutionContext context) =>
        context.JobDetail.Key.Group == QuartzReminderScheduler.ReminderGroup;
}

internal sealed record RecurringRun(string Job, DateTimeOffset FiredAt, TimeSpan RunTime, bool Succeeded);
