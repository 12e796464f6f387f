using System.Diagnostics;
using System.Diagnostics.Metrics;
using LinkWorker.Application;
using LinkWorker.Application.Common.Metrics;
using LinkWorker.Application.Common.Security;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using static System.FormattableString;

namespace LinkWorker.ReminderBench;

/// <summary>
/// Issue 15: <c>count</c> follow-ups due within one minute, fired by N nodes of the real application (in this
/// process, each with its own Hangfire server and the recurring reminder sweep, ADR 0020). Reports the lag from
/// due time to firing (p50, p99, max), lost (not fired by the deadline), fired twice (a follow-up in two firing
/// audit records), notifications per follow-up and the split between nodes.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project bench/LinkWorker.ReminderBench -- postgres "&lt;npgsql to a local server&gt;" [count] [nodes]</c>
/// or <c>-- sqlite [count]</c> (one node). A fresh database is created and dropped. Exit code 0 when every
/// follow-up fired exactly once within 60 s of its due time.
/// </remarks>
internal static class Program
{
    private static readonly Guid BenchUser = new("00000000-0000-0000-0000-00000000be11");

    private static async Task<int> Main(string[] args)
    {
        if (args.Length < 1 || args[0] is not ("postgres" or "sqlite") || (args[0] == "postgres" && args.Length < 2))
        {
            Console.WriteLine("Usage: postgres \"<npgsql connection string>\" [count] [nodes] | sqlite [count]");
            return 2;
        }

        var postgres = args[0] == "postgres";
        var rest = postgres ? args[2..] : args[1..];
        var count = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var nodeCount = postgres && rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : postgres ? 2 : 1;
        var name = Invariant($"linkworker_reminders_{DateTime.UtcNow:yyyyMMddHHmmss}");
        string connection;
        var folder = Path.Combine(Path.GetTempPath(), name);
        if (postgres)
        {
            await using (var admin = new NpgsqlConnection(args[1]))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
                await create.ExecuteNonQueryAsync();
            }

            connection = new NpgsqlConnectionStringBuilder(args[1]) { Database = name }.ConnectionString;
        }
        else
        {
            Directory.CreateDirectory(folder);
            connection = $"Data Source={Path.Combine(folder, "linkworker.db")}";
        }

        var nodes = new List<(IHost Host, Func<long> Fired)>();
        try
        {
            for (var n = 1; n <= nodeCount; n++)
            {
                nodes.Add(await StartNode(n, postgres, connection, seed: n == 1));
            }

            // Inserting must end before the first falls due (about 2,000 rows a second here).
            var (lead, window) = (TimeSpan.FromSeconds(20 + (count / 1_500.0)), TimeSpan.FromSeconds(60));
            var start = await Insert(nodes[0].Host.Services, count, lead, window);
            Console.WriteLine(Invariant($"{count} follow-ups due from {start:HH:mm:ss} over {window.TotalSeconds} s on {nodeCount} node(s), {(postgres ? "PostgreSQL" : "SQLite")}"));

            var deadline = start + window + TimeSpan.FromMinutes(3);
            while (DateTimeOffset.UtcNow < deadline && await Unfired(nodes[0].Host.Services) > 0)
            {
                await Task.Delay(1000);
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // late doubles, if any
            return await Report(nodes, count);
        }
        finally
        {
            foreach (var (host, _) in nodes)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }

            if (postgres)
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(args[1]);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<(IHost, Func<long>)> StartNode(int number, bool postgres, string connection, bool seed)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = postgres ? "Postgres" : "Sqlite",
            [$"ConnectionStrings:{LinkWorker.Infrastructure.DependencyInjection.ConnectionStringName}"] = postgres
                ? new NpgsqlConnectionStringBuilder(connection) { ApplicationName = $"reminder-bench-node{number}" }.ConnectionString
                : connection,
            ["Demo:Enabled"] = seed ? "true" : "false",
            [SchedulingServiceCollectionExtensions.EnabledKey] = "true",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
        builder.Services.AddScoped<BenchUser>();
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<BenchUser>());
        builder.Services.AddScoped<IUserImpersonation>(sp => sp.GetRequiredService<BenchUser>());
        var host = builder.Build();
        await host.StartAsync();

        // This node's share: its own meter's count of reminders fired (each host has its own meter instance).
        long fired = 0;
        var meter = host.Services.GetRequiredService<LinkWorkerMetrics>();
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "linkworker.reminders.fired" && ReferenceEquals(instrument.Meter, MeterOf(meter)))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref fired, value));
        listener.Start();
        return (host, () => Interlocked.Read(ref fired));
    }

    private static Meter MeterOf(LinkWorkerMetrics metrics) =>
        (Meter)typeof(LinkWorkerMetrics).GetField("_meter", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(metrics)!;

    private static async Task<DateTimeOffset> Insert(IServiceProvider services, int count, TimeSpan lead, TimeSpan window)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        var (caseId, code) = await db.Cases.IgnoreQueryFilters().Where(c => c.AssignedGuideId != null)
            .Select(c => new ValueTuple<Guid, string>(c.Id, c.MunicipalityCode)).FirstAsync();
        var start = DateTimeOffset.UtcNow + lead;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            db.FollowUps.Add(new FollowUp(
                Guid.CreateVersion7(), code, caseId, start + (window * i / count), FollowUpKind.GuideTask, null, BenchUser, DateTimeOffset.UtcNow));
            if ((i + 1) % 5_000 == 0 || i == count - 1)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        return start;
    }

    private static async Task<int> Unfired(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>().FollowUps.IgnoreQueryFilters()
            .CountAsync(f => f.CreatedBy == BenchUser && f.Status == FollowUpStatus.Planned);
    }

    private static async Task<int> Report(List<(IHost Host, Func<long> Fired)> nodes, int count)
    {
        await using var scope = nodes[0].Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        var rows = await db.FollowUps.IgnoreQueryFilters().AsNoTracking().Where(f => f.CreatedBy == BenchUser)
            .Select(f => new { f.Id, f.DueAt, f.FiredAt }).ToListAsync();
        var lags = rows.Where(r => r.FiredAt != null).Select(r => (r.FiredAt!.Value - r.DueAt).TotalSeconds).Order().ToArray();
        var ids = rows.Select(r => r.Id).ToHashSet();
        var perFollowUp = (await db.Notifications.IgnoreQueryFilters().AsNoTracking().Where(n => n.FollowUpId != null)
                .Select(n => n.FollowUpId!.Value).ToListAsync())
            .Where(ids.Contains).GroupBy(id => id).Select(g => g.Count()).ToList();
        // Every firing is audited: a follow-up named by two firing records fired twice.
        var firings = await db.AuditEntrySubjects.AsNoTracking().Join(db.AuditEntries.Where(a => a.Action == "FireDueFollowUps"),
            s => s.AuditEntryId, a => a.Id, (s, _) => s.EntityId).ToListAsync();
        var twice = firings.Where(ids.Contains).GroupBy(id => id).Count(g => g.Count() > 1);
        double P(double q) => lags.Length == 0 ? double.NaN : lags[Math.Min(lags.Length - 1, (int)Math.Ceiling(q * lags.Length) - 1)];
        var lost = count - lags.Length;
        Console.WriteLine(Invariant($"fired {lags.Length} / {count}; lag p50 {P(0.5):0.0} s, p99 {P(0.99):0.0} s, max {(lags.Length > 0 ? lags[^1] : double.NaN):0.0} s"));
        Console.WriteLine(Invariant($"lost {lost}, fired twice {twice}, notifications: {perFollowUp.Count(c => c == 1)} with exactly one, {perFollowUp.Count(c => c > 1)} with more, {count - perFollowUp.Count} without"));
        Console.WriteLine("per node: " + string.Join(", ", nodes.Select((n, i) => Invariant($"node{i + 1} {n.Fired()}"))));
        return lost == 0 && twice == 0 && perFollowUp.Count == count && perFollowUp.All(c => c == 1) && lags.Length > 0 && lags[^1] < 60 ? 0 : 1;
    }
}

/// <summary>Nobody, until a job impersonates its system user (what HttpCurrentUser does outside a request).</summary>
internal sealed class BenchUser : ICurrentUser, IUserImpersonation
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
