using System.Net;
using System.Text.Json.Nodes;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Resilience;

/// <summary>PostgreSQL: a server of the test's own is stopped (as a crash) mid-burst and started again.</summary>
public sealed class DatabaseOutageTests_Postgres : DatabaseOutageTests, IUsesPostgres
{
    private PostgresCluster.DedicatedPostgresServer? _server;

    protected override async Task<LinkWorkerApiFactory> StartNode()
    {
        // Not the shared server: stopping that would break the tests running beside this one.
        _server = PostgresCluster.StartDedicated();
        return new NodeOn(DatabaseProvider.Postgres, await _server.CreateDatabaseAsync("outage"));
    }

    protected override Task TakeDatabaseAway()
    {
        _server!.Kill();
        return Task.CompletedTask;
    }

    protected override Task BringDatabaseBack()
    {
        _server!.Restart();
        return Task.CompletedTask;
    }

    protected override void DisposeDatabase() => _server?.Dispose();
}

/// <summary>SQLite: the database file becomes unreadable (a directory where the file was), then comes back.</summary>
public sealed class DatabaseOutageTests_Sqlite : DatabaseOutageTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "linkworker-tests", Guid.NewGuid().ToString("N"));

    private string Away => _folder + ".away";

    private string File => Path.Combine(_folder, "linkworker.db");

    protected override Task<LinkWorkerApiFactory> StartNode() =>
        Task.FromResult<LinkWorkerApiFactory>(new NodeOn(DatabaseProvider.Sqlite, $"Data Source={File}", [new("Database:CommandTimeoutSeconds", "2")]));

    protected override Task TakeDatabaseAway()
    {
        Directory.Move(_folder, Away);
        Directory.CreateDirectory(File); // "unable to open database file"
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    protected override Task BringDatabaseBack()
    {
        Directory.Delete(_folder, recursive: true);
        Directory.Move(Away, _folder);
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    protected override void DisposeDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var folder in new[] { _folder, Away }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_locked_database_file_answers_503_with_retry_after()
    {
        var client = await Node.ClientFor("gp.aarhus");
        await using var holder = new SqliteConnection($"Data Source={File}");
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE";
            await command.ExecuteNonQueryAsync();
        }

        var response = await client.Submit(ReferralBodies.Valid());

        await ShouldBeUnavailable(response);
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "ROLLBACK";
            await command.ExecuteNonQueryAsync();
        }

        (await client.Submit(ReferralBodies.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);
    }
}

public abstract class DatabaseOutageTests : IAsyncLifetime
{
    private LinkWorkerApiFactory? _node;

    protected LinkWorkerApiFactory Node => _node!;

    protected abstract Task<LinkWorkerApiFactory> StartNode();

    protected abstract Task TakeDatabaseAway();

    protected abstract Task BringDatabaseBack();

    protected abstract void DisposeDatabase();

    public async Task InitializeAsync()
    {
        if (this is IUsesPostgres && PostgresRequirement.SkipReason is not null)
        {
            return;
        }

        _node = await StartNode();
        await Node.ClientFor("gp.aarhus"); // migrated, seeded and signed in before the outage
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
        DisposeDatabase();
    }

    [DatabaseFact]
    public async Task An_outage_mid_burst_gives_503s_not_500s_and_retries_with_the_same_keys_settle_it()
    {
        var client = await Node.ClientFor("gp.aarhus");
        var anonymous = Node.CreateClient();
        var burst = Enumerable.Range(0, 60).Select(_ => (Key: Guid.NewGuid().ToString(), Body: ReferralBodies.Valid(), Cpr: "")).ToList();
        burst = burst.Select(b => b with { Cpr = b.Body["citizen"]!["cprNumber"]!.GetValue<string>() }).ToList();

        // Half the burst is on its way when the database goes; the rest arrives during the outage.
        var answers = new List<Task<HttpResponseMessage>>();
        Task? outage = null;
        for (var i = 0; i < burst.Count; i++)
        {
            var (key, body, _) = burst[i];
            answers.Add(Task.Run(() => client.Submit(Copy(body), key)));
            if (i == burst.Count / 3)
            {
                outage = Task.Run(TakeDatabaseAway);
            }

            if (i == 2 * burst.Count / 3)
            {
                await outage!;
            }
        }

        var during = await Task.WhenAll(answers);
        during.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.ServiceUnavailable);
        during.Should().Contain(r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "the last third arrived with the database away");
        foreach (var unavailable in during.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable))
        {
            await ShouldBeUnavailable(unavailable);
        }

        var ready = await anonymous.GetAsync("/health/ready");
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "readiness reports the outage");
        ready.Headers.RetryAfter.Should().NotBeNull();

        await BringDatabaseBack();
        await Eventually(async () => (await anonymous.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK);

        // Every failed request retried with its key: done once, never 409 (no key left locked), never 500.
        var failed = burst.Where((_, i) => during[i].StatusCode != HttpStatusCode.Created).ToList();
        foreach (var (key, body, _) in failed)
        {
            var retry = await client.Submit(Copy(body), key);
            for (var attempt = 1; retry.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3; attempt++)
            {
                retry = await client.Submit(Copy(body), key); // a pooled connection from before the outage
            }

            retry.StatusCode.Should().Be(HttpStatusCode.Created, await retry.Content.ReadAsStringAsync());
        }

        var cprs = burst.Select(b => b.Cpr).ToList();
        // CPR numbers are encrypted at rest (ADR 26): they are compared once read, not in SQL.
        var stored = await Node.WithDatabase(db => db.Referrals.IgnoreQueryFilters()
            .Join(db.Citizens.IgnoreQueryFilters(), r => r.CitizenId, c => c.Id, (r, c) => c.CprNumber).ToListAsync());
        var perCitizen = stored.Where(cpr => cprs.Contains(cpr!)).GroupBy(cpr => cpr).Select(g => g.Count()).ToList();
        perCitizen.Should().HaveCount(burst.Count).And.OnlyContain(n => n == 1);
        Node.Logs.Lines.Should().NotContain(l => l.StartsWith("Error LinkWorker", StringComparison.Ordinal), "an outage is answered, not a bug");
        Node.Logs.Lines.Should().NotContain(
            l => l.StartsWith("Error Microsoft.AspNetCore.Authentication", StringComparison.Ordinal),
            "a token whose status cannot be read during an outage is a 503, not an error in processing the token");
    }

    protected static async Task ShouldBeUnavailable(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.Should().BePositive();
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Json()).GetProperty("type").GetString().Should().Be("https://linkworker.dk/problems/temporarily-unavailable");
    }

    private static JsonObject Copy(JsonObject body) => (JsonObject)JsonNode.Parse(body.ToJsonString())!;

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the node should see the database again without a restart");
            await Task.Delay(200);
        }
    }

    /// <summary>A node on a database this test class owns.</summary>
    protected sealed class NodeOn : LinkWorkerApiFactory
    {
        private readonly DatabaseProvider _provider;
        private readonly KeyValuePair<string, string?>[] _settings;

        public NodeOn(DatabaseProvider provider, string connectionString, KeyValuePair<string, string?>[]? settings = null)
        {
            _provider = provider;
            _settings = settings ?? [];
            ConnectionString = connectionString;
        }

        protected override DatabaseProvider Provider => _provider;

        protected override IEnumerable<KeyValuePair<string, string?>> Settings => _settings;

        public override LinkWorkerApiFactory NodeOnSameDatabase() => new NodeOn(_provider, ConnectionString, _settings);
    }
}
