using Hangfire;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.FollowUps;

/// <summary>
/// Two hosts in one process (the tests; the reminder bench's two nodes): each keeps its own Hangfire storage and job
/// activator. Hangfire's defaults read static "current" instances that the host configured last had set, so a
/// server once built its jobs from another, disposed, host's services (ADR 20).
/// </summary>
public sealed class SchedulingPerHostTests
{
    [Fact]
    public void A_host_configured_after_another_does_not_take_its_storage_or_its_job_activator()
    {
        using var first = Host();
        _ = first.GetRequiredService<IGlobalConfiguration>();
        using var second = Host();
        _ = second.GetRequiredService<IGlobalConfiguration>(); // sets Hangfire's static storage and activator

        first.GetRequiredService<JobStorage>().Should().NotBeSameAs(second.GetRequiredService<JobStorage>());
        first.GetRequiredService<JobActivator>().Should().NotBeSameAs(second.GetRequiredService<JobActivator>());

        second.Dispose();
        using var scope = first.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
        scope.Resolve(typeof(ReminderSweepGate)).Should().BeSameAs(first.GetRequiredService<ReminderSweepGate>(), "jobs come from this host's services");
    }

    private static ServiceProvider Host()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SchedulingServiceCollectionExtensions.EnabledKey] = "false" })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddScheduling(configuration, DatabaseProvider.Sqlite, null);
        return services.BuildServiceProvider();
    }
}
