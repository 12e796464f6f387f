using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Hosting;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LinkWorker.Api.Tests.Platform;

/// <summary>SQLite: the online backup API through the command-line entry <c>LinkWorker.Api backup</c>.</summary>
public sealed class BackupTests_Sqlite(SqliteApiFactory factory) : BackupTests<SqliteApiFactory>(factory)
{
    private string Folder => Path.GetDirectoryName(Factory.DatabaseFile)!;

    protected override async Task<string> TakeBackup()
    {
        var target = Path.Combine(Folder, $"backup-{Guid.NewGuid():N}.db");
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await BackupCommand.Run(Factory.Services, [target], output, errors);
        exit.Should().Be(0, errors.ToString());
        using var report = JsonDocument.Parse(output.ToString());
        report.RootElement.GetProperty("integrityCheck").GetString().Should().Be("ok");
        report.RootElement.GetProperty("bytes").GetInt64().Should().Be(new FileInfo(target).Length);
        File.Exists(target + "-wal").Should().BeFalse("a backup is one self-contained file");
        return target;
    }

    protected override Task<(LinkWorkerApiFactory Node, Func<Task> Cleanup)> Restore(string backup)
    {
        // Restoring is putting the file in place of the database (docs/operations.md); here, beside it.
        var restored = Path.Combine(Folder, $"restored-{Guid.NewGuid():N}.db");
        File.Copy(backup, restored);
        return Task.FromResult<(LinkWorkerApiFactory, Func<Task>)>((SqliteApiFactory.OnFile(restored), () => Task.CompletedTask));
    }

    [DatabaseFact]
    public async Task The_backup_command_never_overwrites_a_file_and_explains_its_arguments()
    {
        _ = Factory.Services; // the server starts and makes its database
        var existing = Path.Combine(Folder, $"existing-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(existing, "an earlier backup");
        using var output = new StringWriter();
        using var errors = new StringWriter();

        (await BackupCommand.Run(Factory.Services, [existing], output, errors)).Should().Be(1);
        (await File.ReadAllTextAsync(existing)).Should().Be("an earlier backup");
        errors.ToString().Should().Contain("exists already");

        (await BackupCommand.Run(Factory.Services, [], output, errors)).Should().Be(2);
        (await BackupCommand.Run(Factory.Services, [Factory.DatabaseFile], output, errors)).Should().Be(1, "the database itself is never the target");
        errors.ToString().Should().Contain("Usage: LinkWorker.Api backup <target-file>");
        output.ToString().Should().BeEmpty();
    }
}

/// <summary>PostgreSQL: <c>pg_dump -Fc</c> from the binaries the tests' server runs on, restored with <c>pg_restore</c> into a new database.</summary>
public sealed class BackupTests_Postgres(PostgresApiFactory factory) : BackupTests<PostgresApiFactory>(factory), IUsesPostgres
{
    private string _folder = "";

    protected override async Task<string> TakeBackup()
    {
        _folder = Directory.CreateTempSubdirectory("linkworker-backup-").FullName;
        var dump = Path.Combine(_folder, "linkworker.dump");
        await Tool("pg_dump", ["--format=custom", $"--file={dump}", .. Connection(Factory.DatabaseConnectionString)]);
        return dump;
    }

    protected override async Task<(LinkWorkerApiFactory Node, Func<Task> Cleanup)> Restore(string backup)
    {
        var restored = await PostgresCluster.CreateDatabaseAsync("restored");
        await Tool("pg_restore", ["--no-owner", "--exit-on-error", .. Connection(restored), backup]);
        async Task Cleanup()
        {
            NpgsqlConnection.ClearAllPools();
            await PostgresCluster.DropDatabaseAsync(restored);
            Directory.Delete(_folder, recursive: true);
        }

        return (PostgresApiFactory.OnDatabase(restored), Cleanup);
    }

    [DatabaseFact]
    public async Task The_backup_command_points_a_PostgreSQL_operator_to_pg_dump()
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var target = Path.Combine(Path.GetTempPath(), $"linkworker-nothing-{Guid.NewGuid():N}.db");
        (await BackupCommand.Run(Factory.Services, [target], output, errors)).Should().Be(2);
        errors.ToString().Should().Contain("pg_dump");
        File.Exists(target).Should().BeFalse();
    }

    private static string[] Connection(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return [$"--host={builder.Host}", $"--port={builder.Port}", $"--username={builder.Username}", $"--dbname={builder.Database}", "--no-password"];
    }

    private static async Task Tool(string tool, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(PostgresCluster.ToolPath(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, $"{tool} failed: {await errors}");
    }
}

/// <summary>
/// Backups that restore (issue 16, ADR 0028): referrals are submitted through the API by several clients at once
/// while the backup is taken; the restored copy runs the application and holds every referral acknowledged (201)
/// before the backup began, with its audit records, and an audit trail the verifier finds whole (ADR 25).
/// </summary>
public abstract class BackupTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const int Submitters = 3;

    protected TFactory Factory => factory;

    /// <summary>Takes a backup of the running server's database; returns the backup file.</summary>
    protected abstract Task<string> TakeBackup();

    /// <summary>Restores the backup as a database of its own and returns a server on it.</summary>
    protected abstract Task<(LinkWorkerApiFactory Node, Func<Task> Cleanup)> Restore(string backup);

    [DatabaseFact]
    public async Task A_backup_taken_while_referrals_arrive_restores_every_acknowledged_referral_and_a_whole_audit_chain()
    {
        var client = await factory.ClientFor("gp.aarhus");
        var acknowledged = new ConcurrentQueue<Guid>();
        using var acks = new SemaphoreSlim(0);
        var inFlight = 0;
        using var stop = new CancellationTokenSource();

        async Task Submit()
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref inFlight);
                using var response = await client.Submit(ReferralBodies.Valid(), Guid.NewGuid().ToString());
                Interlocked.Decrement(ref inFlight);
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                acknowledged.Enqueue((await response.Json()).GetProperty("referralId").GetGuid());
                acks.Release();
            }
        }

        // Waits for the next acknowledgement (the submitters make real HTTP round trips); bounded so a stuck run fails.
        async Task NextAck() =>
            (await acks.WaitAsync(TimeSpan.FromMinutes(2))).Should().BeTrue("the submitters make progress");

        var submitters = Enumerable.Range(0, Submitters).Select(_ => Task.Run(Submit)).ToList();
        string backup;
        Guid[] beforeBackup;
        int writingDuringBackup;
        try
        {
            for (var i = 0; i < 12; i++)
            {
                await NextAck();
            }

            // Each acknowledgement is followed by that submitter's next request.
            while (Volatile.Read(ref inFlight) == 0)
            {
                await NextAck();
            }

            // Every referral whose 201 has arrived by now was committed before the backup begins.
            beforeBackup = [.. acknowledged];
            writingDuringBackup = Volatile.Read(ref inFlight);
            backup = await TakeBackup();

            // The service went on taking referrals while (and after) the copy was made.
            for (var i = 0; i < Submitters; i++)
            {
                await NextAck();
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(submitters);
        }

        writingDuringBackup.Should().BeGreaterThan(0, "the backup is taken under write load");
        var (restored, cleanup) = await Restore(backup);
        try
        {
            await using (restored)
            {
                var found = await restored.WithDatabase(db => db.Referrals.IgnoreQueryFilters()
                    .Where(r => beforeBackup.Contains(r.Id)).Select(r => r.Id).ToListAsync());
                found.Should().BeEquivalentTo(beforeBackup, "every acknowledged referral is in the backup");

                var audited = await restored.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
                    .Where(e => e.EntityType == "Referral" && e.Action == "SubmitReferral" && e.EntityId != null && beforeBackup.Contains(e.EntityId.Value))
                    .Select(e => e.EntityId!.Value).Distinct().ToListAsync());
                audited.Should().BeEquivalentTo(beforeBackup, "each referral's audit record came with it");

                // The restored copy serves: an administrator signs in to it and verifies the trail.
                var admin = await restored.ClientFor("admin.aarhus");
                var response = await admin.GetAsync("/api/admin/audit/verify");
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                var verdict = await response.Content.ReadFromJsonAsync<JsonElement>();
                verdict.GetProperty("intact").GetBoolean().Should().BeTrue(verdict.ToString());
                verdict.GetProperty("linksChecked").GetInt64().Should().BeGreaterThanOrEqualTo(3L * beforeBackup.Length);
            }
        }
        finally
        {
            await cleanup();
        }
    }
}
