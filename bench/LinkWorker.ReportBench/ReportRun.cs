using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinkWorker.Application;
using LinkWorker.Application.Common.Security;
using LinkWorker.Application.Reports;
using LinkWorker.Application.Reports.ExportOutcomeReport;
using LinkWorker.Application.Reports.GetOutcomeReport;
using LinkWorker.Infrastructure;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LinkWorker.ReportBench;

/// <summary>Prepares the database (fresh, migrated, demo data, the year's cases), then times the three reports.</summary>
internal sealed class ReportRun(BenchOptions options)
{
    private const string Coordinator = "coordinator.aarhus";
    private static readonly TimeSpan Aim = TimeSpan.FromSeconds(1);

    private sealed record Report(string Name, Func<ISender, CancellationToken, Task<string>> Send);

    private static readonly DateOnly MonthFrom = new(2025, 6, 1);
    private static readonly DateOnly MonthTo = new(2025, 7, 1);

    private static readonly Report[] Reports =
    [
        new("year report", async (sender, ct) => Describe(await sender.Send(new GetOutcomeReportQuery(DataSet.YearFrom, DataSet.YearTo), ct))),
        new("June report", async (sender, ct) => Describe(await sender.Send(new GetOutcomeReportQuery(MonthFrom, MonthTo), ct))),
        new("year CSV", async (sender, ct) =>
        {
            var csv = await sender.Send(new ExportOutcomeReportQuery(DataSet.YearFrom, DataSet.YearTo), ct);
            return FormattableString.Invariant($"{csv.Count(c => c == '\n')} lines, {csv.Length} characters, sha256 {Hash(csv)}");
        }),
    ];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        string? createdDatabase = null;
        try
        {
            var connection = options.Connection;
            string database;
            if (options.Provider == DatabaseProvider.Postgres)
            {
                (connection, createdDatabase, database) = await CreateDatabaseAsync(options.Connection, cancellationToken);
                Console.WriteLine($"Database {createdDatabase} created on {database}.");
            }
            else
            {
                database = $"SQLite {SqliteVersion()} (WAL, file)";
            }

            using var host = BuildHost(connection);
            Console.WriteLine("Migrating and seeding the demo data…");
            await host.StartAsync(cancellationToken);
            try
            {
                await PrepareDataAsync(host.Services, cancellationToken);
                var coordinator = await CoordinatorAsync(host.Services, cancellationToken);
                var loadBefore = LoadAverage();
                Console.WriteLine($"Load average before timing: {loadBefore ?? "n/a"}");
                var results = new List<ReportTimings>();
                foreach (var report in Reports)
                {
                    results.Add(await TimeAsync(host.Services, coordinator, report, cancellationToken));
                }

                Summarize(database, results, loadBefore);
                return 0;
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StopAsync(stop.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopped.");
            return 1;
        }
        finally
        {
            if (createdDatabase is not null)
            {
                if (options.KeepDatabase)
                {
                    Console.WriteLine($"Kept database {createdDatabase}.");
                }
                else
                {
                    await DropDatabaseAsync(options.Connection, createdDatabase);
                }
            }
        }
    }

    private IHost BuildHost(string connection)
    {
        // No defaults: no appsettings or environment variables of the caller's shell can change the setup.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
            ApplicationName = "LinkWorker.ReportBench",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = options.Provider.ToString(),
            [$"ConnectionStrings:{LinkWorker.Infrastructure.DependencyInjection.ConnectionStringName}"] = connection,
            ["Demo:Enabled"] = "true",
            [SchedulingServiceCollectionExtensions.EnabledKey] = "false",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // EF logs its probe of a fresh database's migration history as a failed command; a real failure still throws.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);

        builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
        // What HttpCurrentUser does for work without a request: nobody until the scope impersonates.
        builder.Services.AddScoped(_ => new BenchCurrentUser());
        builder.Services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<BenchCurrentUser>());
        builder.Services.AddScoped<IUserImpersonation>(sp => sp.GetRequiredService<BenchCurrentUser>());
        // Added to the options AddInfrastructure builds: times each query of a report.
        builder.Services.ConfigureDbContext<LinkWorkerDbContext>(o => o.AddInterceptors(new CommandTimer()), ServiceLifetime.Singleton);
        return builder.Build();
    }

    private async Task PrepareDataAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            var existing = await DataSet.CountAsync(scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>(), cancellationToken);
            if (existing == options.Cases)
            {
                Console.WriteLine($"Reusing the {Format.Count(existing)} cases of 2025 already in the database.");
                return;
            }

            if (existing != 0)
            {
                throw new InvalidOperationException($"The database holds {existing} cases of 2025, not {options.Cases}: start from a fresh one.");
            }
        }

        Console.WriteLine($"Seeding {Format.Count(options.Cases)} cases of {DataSet.Municipality} over 2025 in batches of {Format.Count(DataSet.BatchSize)}…");
        var seeded = await DataSet.SeedAsync(services, options.Cases, options.RandomSeed,
            done =>
            {
                if (done % 25_000 == 0 || done == options.Cases)
                {
                    Console.WriteLine($"  {Format.Count(done)}");
                }
            },
            cancellationToken);
        Console.WriteLine(FormattableString.Invariant(
            $"Seeded in {seeded.Took.TotalSeconds:0.0} s: {seeded.Contacted} contacted, {seeded.Consents} consents, {seeded.Baselines} baseline and {seeded.Later} later T-ILS, ") +
            FormattableString.Invariant($"{seeded.Participations} participations ({seeded.Asked} asked at 3 months), {seeded.Closed} closed."));

        if (options.Provider == DatabaseProvider.Postgres)
        {
            // Autovacuum would analyze the new tables within a minute or so; do it now so that the plans are the settled ones.
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>().Database.ExecuteSqlRawAsync("ANALYZE", cancellationToken);
            Console.WriteLine("Analyzed.");
        }
    }

    private static async Task<StaticUser> CoordinatorAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        var id = await db.Users.Where(u => u.UserName == Coordinator).Select(u => u.Id).SingleAsync(cancellationToken);
        return new StaticUser(id, DataSet.Municipality, null, [Roles.Coordinator]);
    }

    private async Task<ReportTimings> TimeAsync(IServiceProvider services, StaticUser coordinator, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        var runs = new List<RunTiming>();
        for (var run = 0; run <= options.Runs; run++)
        {
            // A fresh scope per run, as a request has: its own DbContext, the coordinator's query filter.
            await using var scope = services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IUserImpersonation>().Impersonate(coordinator);
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();

            var queries = CommandTimer.Capture();
            var allocated = GC.GetTotalAllocatedBytes();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var outcome = await report.Send(sender, cancellationToken);
            watch.Stop();
            var timing = new RunTiming(
                watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu, [.. queries], GC.GetTotalAllocatedBytes() - allocated);
            CommandTimer.Stop();

            var name = run == 0 ? "warm-up" : $"run {run}";
            Console.WriteLine($"{report.Name,-12} {name,-8} {Format.Ms(timing.Total),8} ms  (CPU {Format.Ms(timing.Cpu)} ms; queries {Format.Ms(timing.InQueries)} ms in {timing.Queries.Count}, " +
                $"outside {Format.Ms(timing.OutsideQueries)} ms; ~{Format.Mb(timing.AllocatedBytes)} MB allocated)" + (run == 0 ? $"  [{outcome}]" : ""));
            if (run > 0)
            {
                runs.Add(timing);
            }
        }

        var timings = new ReportTimings(report.Name, runs);
        Console.WriteLine($"{report.Name}: p50 {Format.Ms(timings.P50)} ms, min {Format.Ms(timings.Min)} ms, max {Format.Ms(timings.Max)} ms, " +
            $"CPU p50 {Format.Ms(timings.CpuP50)} ms" +
            (timings.P50 > Aim ? "  — OVER ONE SECOND" : ""));
        Console.WriteLine("  the p50 run, query by query (execute = until the first row; total = until the last row is materialized):");
        foreach (var query in timings.Median.Queries)
        {
            Console.WriteLine($"    {query.Label,-34} {Format.Count(query.Rows),9} rows  execute {Format.Ms(query.Execute),7} ms  total {Format.Ms(query.Total),7} ms");
        }

        Console.WriteLine($"    {"outside the queries",-34} {"",9}                          {Format.Ms(timings.Median.OutsideQueries),7} ms");
        if (options.Diagnose)
        {
            await Diagnosis.PrintAsync(services, options.Provider, timings.Median.Queries, cancellationToken);
        }

        return timings;
    }

    private void Summarize(string database, List<ReportTimings> results, string? loadBefore)
    {
        Console.WriteLine();
        Console.WriteLine($"Load average after timing: {LoadAverage() ?? "n/a"}");
        Console.WriteLine(results.All(r => r.P50 <= Aim)
            ? "Every report's p50 is under one second."
            : $"Over one second (p50): {string.Join(", ", results.Where(r => r.P50 > Aim).Select(r => r.Name))}.");
        Console.WriteLine("markdown: | date UTC | database | cases | runs | " + string.Join(" | ", results.Select(r => $"{r.Name} p50 / max ms (CPU p50)")) +
            " | load before |");
        Console.WriteLine(FormattableString.Invariant($"markdown: | {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {database} | {Format.Count(options.Cases)} | {options.Runs} | ") +
            string.Join(" | ", results.Select(r => $"{Format.Ms(r.P50)} / {Format.Ms(r.Max)} ({Format.Ms(r.CpuP50)})")) + $" | {loadBefore?.Split(' ')[0] ?? "n/a"} |");
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux): the figures are only as good as the machine was quiet.</summary>
    private static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string SqliteVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    /// <summary>The first 12 hex digits of the SHA-256: equal figures give equal hashes, across providers and versions.</summary>
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Describe(OutcomeReport report) => FormattableString.Invariant(
        $"{report.Cases} cases, {report.Referrals} referrals, {report.DaysToFirstContact.CasesContacted} contacted (median {report.DaysToFirstContact.Median} d), ") +
        FormattableString.Invariant(
            $"{report.ClosureReasons.Sum(r => r.Count)} closed, T-ILS pairs {report.Tils.CasesWithBaselineAndLater}, asked at 3 months {report.Community.AskedAtThreeMonths}, ") +
        $"sha256 {Hash(JsonSerializer.Serialize(report with { Caseloads = [.. report.Caseloads.Select(c => c with { GuideId = Guid.Empty })] }))}";

    private static async Task<(string Connection, string Database, string Server)> CreateDatabaseAsync(string server, CancellationToken cancellationToken)
    {
        var name = "linkworker_reports_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            var version = $"PostgreSQL {connection.PostgreSqlVersion.ToString(2)}";
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, IncludeErrorDetail = false };
            return (builder.ConnectionString, name, version);
        }
    }

    private static async Task DropDatabaseAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
        Console.WriteLine($"Dropped database {name}.");
    }
}
