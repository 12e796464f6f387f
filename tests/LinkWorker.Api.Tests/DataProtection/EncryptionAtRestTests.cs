using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Common.Interfaces;
using LinkWorker.Infrastructure.Encryption;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Infrastructure.Scheduling;
using LinkWorker.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.DataProtection;

public sealed class EncryptionAtRestTests_Sqlite(SqliteApiFactory factory) : EncryptionAtRestTests<SqliteApiFactory>(factory)
{
    /// <summary>The database file and its write-ahead log, copied raw while the service has them open.</summary>
    protected override async Task<string> RawDatabaseText()
    {
        var connectionString = await Factory.WithDatabase(db => Task.FromResult(db.Database.GetConnectionString()!));
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString).DataSource;
        var text = new StringBuilder();
        foreach (var path in new[] { file, file + "-wal" }.Where(File.Exists))
        {
            var copy = Path.GetTempFileName();
            File.Copy(path, copy, overwrite: true);
            text.Append(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(copy))).Append('\n');
            File.Delete(copy);
        }

        return text.ToString();
    }

    /// <summary>
    /// The job scans every protected table every ten minutes; on SQLite that scan ran in a transaction holding the
    /// file's write lock, and intake waited for it (issue 18). A run that finds nothing to move needs no write lock.
    /// </summary>
    [Fact]
    public async Task A_reencryption_run_that_finds_nothing_to_move_does_not_wait_for_the_write_lock()
    {
        var job = Factory.Services.GetRequiredService<FieldReencryptionJob>();
        for (var run = 0; run < 10 && await Stale() > 0; run++)
        {
            await job.Run(CancellationToken.None);
        }

        (await Stale()).Should().Be(0);
        await using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Factory.DatabaseFile}");
        await writer.OpenAsync();
        await using var holding = writer.BeginTransaction(deferred: false);

        var beside = job.Run(CancellationToken.None);
        var finished = await Task.WhenAny(beside, Task.Delay(TimeSpan.FromSeconds(10)));

        await holding.RollbackAsync();
        finished.Should().BeSameAs(beside, "the search reads beside the writer holding the lock");
        await beside;
    }
}

public sealed class EncryptionAtRestTests_Postgres(PostgresApiFactory factory) : EncryptionAtRestTests<PostgresApiFactory>(factory), IUsesPostgres
{
    /// <summary>A plain-text pg_dump of the whole database, by the pg_dump beside the test cluster's server.</summary>
    protected override async Task<string> RawDatabaseText()
    {
        var connectionString = await Factory.WithDatabase(db => Task.FromResult(db.Database.GetConnectionString()!));
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var pgDump = PostgresCluster.ToolPath("pg_dump");
        var start = new ProcessStartInfo(pgDump)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { "--dbname", $"postgresql://{settings.Username}@{settings.Host}:{settings.Port}/{settings.Database}", "--format", "plain" },
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await errors);
        return await output;
    }
}

/// <summary>
/// Encryption at rest (issue 16, ADR 26): what a citizen's referral, conversations and case carry is readable
/// through the API by those allowed, and nowhere in the database's raw bytes or dump; keys rotate without losing
/// a row; a missing or wrong master key stops the start.
/// </summary>
public abstract class EncryptionAtRestTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    protected TFactory Factory => factory;

    protected abstract Task<string> RawDatabaseText();

    [DatabaseFact]
    public async Task What_was_written_reads_back_decrypted_and_no_cpr_number_or_note_is_in_the_raw_database()
    {
        var world = await NewCitizen();
        var secrets = world.Secrets.ToList();

        // Read back by the guide: every field as it was written.
        var @case = await world.Guide.GetFromJsonAsync<JsonElement>($"/api/cases/{world.CaseId}");
        var citizen = @case.GetProperty("citizen");
        citizen.GetProperty("cprNumber").GetString().Should().Be(world.Cpr);
        citizen.GetProperty("phone").GetString().Should().Be(world.Phone);
        citizen.GetProperty("email").GetString().Should().Be(world.Email);
        citizen.GetProperty("street").GetString().Should().Be(world.Street);
        (await ReferralReason(world.CaseId)).Should().Be(world.Reason, "the API shows no referral reason; the context decrypts it");
        var conversation = @case.GetProperty("conversations")[0];
        conversation.GetProperty("summary").GetString().Should().Be(world.AmendedSummary);
        conversation.GetProperty("citizensView").GetString().Should().Be(world.CitizensView);
        var amendment = SummaryAmendment(conversation);
        amendment.GetProperty("oldValue").GetString().Should().Be(world.Summary);
        amendment.GetProperty("reason").GetString().Should().Be(world.AmendmentReason);

        // A second referral for the same CPR number reaches the same citizen and their open case.
        var second = await (await (await factory.ClientFor("homecare.aarhus")).Submit(ReferralBody(world.Cpr, world.Postcode, "Another referral", world.Name))).Json();
        second.GetProperty("caseId").GetGuid().Should().Be(world.CaseId);
        second.GetProperty("attachedToExistingCase").GetBoolean().Should().BeTrue();
        (await factory.WithDatabase(db => db.CitizensWithCprNumber(world.Cpr).IgnoreQueryFilters().CountAsync())).Should().Be(1);

        var closed = await world.Guide.PostAsJsonAsync($"/api/cases/{world.CaseId}/close", new { reason = "Declined", note = world.ClosureNote });
        closed.StatusCode.Should().Be(HttpStatusCode.OK, await closed.Content.ReadAsStringAsync());
        secrets.Add(world.ClosureNote);

        var raw = await RawDatabaseText();
        raw.Contains(world.Name, StringComparison.Ordinal).Should().BeTrue("names stay plain for staff search, and prove that the raw text is searchable");
        secrets.Where(s => raw.Contains(s, StringComparison.Ordinal)).Should().BeEmpty("no CPR number, contact detail or note may be stored in plain text");
        raw.Contains(FieldCipher.Prefix, StringComparison.Ordinal).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task Rows_under_an_old_key_stay_readable_after_rotation_and_the_job_moves_them_to_the_new_key()
    {
        var world = await NewCitizen();
        var ring = factory.Services.GetRequiredService<KeyRing>();
        var before = ring.CurrentKeyId;

        var after = await factory.WithDatabase(db => ring.RotateAsync(db, factory.Clock, CancellationToken.None));

        after.Should().BeGreaterThan(before);
        (await RawCprOf(world.CitizenId)).Should().StartWith($"{FieldCipher.Prefix}{before}$", "nothing moved yet");
        var @case = await world.Guide.GetFromJsonAsync<JsonElement>($"/api/cases/{world.CaseId}");
        @case.GetProperty("citizen").GetProperty("cprNumber").GetString().Should().Be(world.Cpr, "rows under the old key stay readable");
        @case.GetProperty("conversations")[0].GetProperty("summary").GetString().Should().Be(world.AmendedSummary);
        (await Stale()).Should().BeGreaterThan(0);

        var job = factory.Services.GetRequiredService<FieldReencryptionJob>();
        for (var run = 0; run < 10 && await Stale() > 0; run++)
        {
            await job.Run(CancellationToken.None);
        }

        (await Stale()).Should().Be(0, "every protected value is under the current key");
        (await RawCprOf(world.CitizenId)).Should().StartWith($"{FieldCipher.Prefix}{after}$");
        @case = await world.Guide.GetFromJsonAsync<JsonElement>($"/api/cases/{world.CaseId}");
        @case.GetProperty("citizen").GetProperty("cprNumber").GetString().Should().Be(world.Cpr);
        SummaryAmendment(@case.GetProperty("conversations")[0]).GetProperty("oldValue").GetString().Should().Be(world.Summary);
        var again = await (await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBody(world.Cpr, world.Postcode, "After the rotation", world.Name))).Json();
        again.GetProperty("caseId").GetGuid().Should().Be(world.CaseId, "the CPR number's hash does not change with the data key");
    }

    [DatabaseFact]
    public async Task After_a_pass_that_finds_nothing_the_job_reads_no_rows_until_the_key_changes()
    {
        var world = await NewCitizen();
        var job = factory.Services.GetRequiredService<FieldReencryptionJob>();
        var ring = factory.Services.GetRequiredService<KeyRing>();
        for (var run = 0; run < 10 && await Stale() > 0; run++)
        {
            await job.Run(CancellationToken.None);
        }

        // Past the interval in which every node picks up the current key, a pass that finds nothing is the last.
        var later = KeyRing.RefreshInterval + TimeSpan.FromMinutes(1);
        factory.MoveClock(later);
        try
        {
            await job.Run(CancellationToken.None);
            await factory.WithDatabase(async db =>
            {
                await Execute(db, "UPDATE \"Referrals\" SET \"Reason\" = @v WHERE \"CaseId\" = @id", world.Reason, await RawId(db, "Cases", world.CaseId));
                return 0;
            });

            await job.Run(CancellationToken.None);
            (await RawReferralReason(world.CaseId)).Should().Be(world.Reason, "the pass under this key was done, so the run read nothing");

            var rotated = await factory.WithDatabase(db => ring.RotateAsync(db, factory.Clock, CancellationToken.None));
            await job.Run(CancellationToken.None);
            (await RawReferralReason(world.CaseId)).Should().StartWith($"{FieldCipher.Prefix}{rotated}$", "a new key starts a new pass");
            (await ReferralReason(world.CaseId)).Should().Be(world.Reason);
        }
        finally
        {
            factory.MoveClock(-later);
        }
    }

    [DatabaseFact]
    public async Task Rows_written_before_encryption_are_encrypted_at_start_up()
    {
        var world = await NewCitizen();
        // As the rows of a database from before the migration: the number and a note in plain text, no hash; and
        // the start-up task table of 20261127040000 not there yet, so the start migrates it and the pass runs.
        await factory.WithDatabase(async db =>
        {
            var id = await RawId(db, "Citizens", world.CitizenId);
            await Execute(db, "UPDATE \"Citizens\" SET \"CprNumber\" = @v, \"CprHash\" = NULL WHERE \"Id\" = @id", world.Cpr, id);
            await Execute(db, "UPDATE \"Referrals\" SET \"Reason\" = @v WHERE \"CaseId\" = @id", world.Reason, await RawId(db, "Cases", world.CaseId));
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"StartupTasks\"");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '20261127040000_StartupTasks'");
            return 0;
        });
        (await RawCprOf(world.CitizenId)).Should().Be(world.Cpr);

        await using (var restarted = factory.NodeOnSameDatabase())
        {
            _ = restarted.Server; // starts it: the initializer converts
        }

        (await RawCprOf(world.CitizenId)).Should().StartWith(FieldCipher.Prefix);
        (await Stale()).Should().Be(0);
        var @case = await world.Guide.GetFromJsonAsync<JsonElement>($"/api/cases/{world.CaseId}");
        @case.GetProperty("citizen").GetProperty("cprNumber").GetString().Should().Be(world.Cpr);
        (await ReferralReason(world.CaseId)).Should().Be(world.Reason);
        (await factory.WithDatabase(db => db.CitizensWithCprNumber(world.Cpr).IgnoreQueryFilters().CountAsync())).Should().Be(1, "the hash was filled in");
        (await PendingStartupTasks()).Should().BeEmpty("the start that converted says so");
    }

    [DatabaseFact]
    public async Task A_start_after_the_conversion_does_not_scan_the_encrypted_tables_again()
    {
        var world = await NewCitizen();
        (await PendingStartupTasks()).Should().BeEmpty("the first start converted (nothing) and said so");
        // A plain value the pass would encrypt: it stays plain only if the start does not scan (ADR 34).
        await factory.WithDatabase(async db =>
        {
            await Execute(db, "UPDATE \"Referrals\" SET \"Reason\" = @v WHERE \"CaseId\" = @id", world.Reason, await RawId(db, "Cases", world.CaseId));
            return 0;
        });

        await using (var restarted = factory.NodeOnSameDatabase())
        {
            _ = restarted.Server;
        }

        (await RawReferralReason(world.CaseId)).Should().Be(world.Reason, "no start-up task asked for the plain-text pass");

        // Asked for again (as a migration that encrypts another column does), the next start converts it.
        await factory.WithDatabase(db => db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"StartupTasks\" (\"Name\") VALUES ({0})", [StartupTask.EncryptPlainText]));
        await using (var restarted = factory.NodeOnSameDatabase())
        {
            _ = restarted.Server;
        }

        (await RawReferralReason(world.CaseId)).Should().StartWith(FieldCipher.Prefix);
        (await ReferralReason(world.CaseId)).Should().Be(world.Reason);
        (await PendingStartupTasks()).Should().BeEmpty();
    }

    [DatabaseTheory]
    [InlineData("wrong")]
    [InlineData("missing")]
    [InlineData("malformed")]
    public async Task A_wrong_or_missing_master_key_stops_the_start_with_a_clear_message(string kind)
    {
        await factory.ClientFor("gp.aarhus"); // the database and its key ring exist
        var (key, expected) = kind switch
        {
            "wrong" => (Convert.ToBase64String(new byte[32]), "master key does not fit this database"),
            "missing" => ("", "no master key is configured"),
            _ => ("c2hvcnQ=", "must be 32 bytes"),
        };

        await using var node = factory.NodeOnSameDatabase();
        using var misconfigured = node.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("DataProtection:MasterKey", key);
            builder.UseSetting("DataProtection:MasterKeyFile", Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.key"));
        });

        var start = () => misconfigured.Server;

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    private sealed record World(
        Guid CaseId, Guid CitizenId, HttpClient Guide, string Postcode, string Name, string Cpr, string Phone, string Email, string Street,
        string Reason, string NeedsNote, string Summary, string AmendedSummary, string CitizensView, string NextSteps, string AmendmentReason,
        string ClosureNote)
    {
        public DateTimeOffset OccurredAt { get; } = DateTimeOffset.UtcNow.AddHours(-2);

        public IEnumerable<string> Secrets =>
            [Cpr, Phone, Email, Street, Reason, NeedsNote, Summary, AmendedSummary, CitizensView, NextSteps, AmendmentReason];
    }

    /// <summary>A citizen referred with a CPR number and notes, routed to a fresh guide who logs and corrects a conversation.</summary>
    private async Task<World> NewCitizen()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var cpr = ReferralBodies.NewCpr();
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, guideUser) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity: 5);
        var world = new World(
            Guid.Empty, Guid.Empty, await factory.ClientFor(guideUser), postcode, $"Inger Krypto {marker}", cpr, $"+45{Random.Shared.Next(20_000_000, 99_999_999)}",
            $"inger.{marker}@example.dk", $"Hemmeligvej {marker}", $"Enlig efter mandens død, sover dårligt {marker}", $"Kører ikke selv længere {marker}",
            $"Vi talte om hendes uge og koret i Viby {marker}", $"Rettet: vi talte om koret og naboen {marker}", $"Savner at synge med andre {marker}",
            $"Går med til koret torsdag {marker}", $"Forkert kor nævnt {marker}", $"Ønskede ikke mere kontakt {marker}");

        var body = ReferralBody(cpr, postcode, world.Reason);
        body["citizen"]!["name"] = world.Name;
        body["citizen"]!["phone"] = world.Phone;
        body["citizen"]!["email"] = world.Email;
        body["citizen"]!["address"]!["street"] = world.Street;
        body["practicalNeeds"]!["notes"] = world.NeedsNote;
        var response = await (await factory.ClientFor("gp.aarhus")).Submit(body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var caseId = (await response.Json()).GetProperty("caseId").GetGuid();

        await world.Guide.RecordConsent(caseId, ["StoreConversationNotes"]);
        var logged = await world.Guide.PostAsJsonAsync($"/api/cases/{caseId}/conversations", new { conversation = Conversation(world.Summary, world) });
        logged.StatusCode.Should().Be(HttpStatusCode.Created, await logged.Content.ReadAsStringAsync());
        var conversation = await logged.Json();
        var amended = await world.Guide.PostAsJsonAsync(
            $"/api/cases/{caseId}/conversations/{conversation.GetProperty("id").GetGuid()}/amendments",
            new { conversation = Conversation(world.AmendedSummary, world), reason = world.AmendmentReason, version = conversation.GetProperty("version").GetInt32() });
        amended.StatusCode.Should().Be(HttpStatusCode.OK, await amended.Content.ReadAsStringAsync());

        var citizenId = (await world.Guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}")).GetProperty("citizen").GetProperty("id").GetGuid();
        return world with { CaseId = caseId, CitizenId = citizenId };
    }

    private static System.Text.Json.Nodes.JsonObject ReferralBody(string cpr, string postcode, string reason, string name = "Grethe Test")
    {
        var body = ReferralBodies.Valid(cpr, name);
        body["citizen"]!["address"]!["postcode"] = postcode;
        body["reason"] = reason;
        return body;
    }

    private static object Conversation(string summary, World world) => new
    {
        mode = "HomeVisit",
        occurredAt = world.OccurredAt,
        durationMinutes = 45,
        summary,
        topics = new[] { "LeisureAndCommunities" },
        citizensView = world.CitizensView,
        agreedNextSteps = world.NextSteps,
    };

    private static JsonElement SummaryAmendment(JsonElement conversation) =>
        conversation.GetProperty("amendments").EnumerateArray().Single(a => a.GetProperty("field").GetString() == "summary");

    private Task<string> ReferralReason(Guid caseId) => factory.WithDatabase(db =>
        db.Referrals.IgnoreQueryFilters().Where(r => r.CaseId == caseId).OrderBy(r => r.ReceivedAt).Select(r => r.Reason).FirstAsync());

    private protected Task<int> Stale() => factory.WithDatabase(db => new FieldReencryption(
        db, factory.Services.GetRequiredService<FieldCipher>(), factory.Services.GetRequiredService<IDatabaseWriteGate>()).CountStaleAsync());

    private Task<List<string>> PendingStartupTasks() => factory.WithDatabase(db => db.Set<StartupTask>().Select(t => t.Name).ToListAsync());

    /// <summary>The first referral's reason as stored, below the value converter.</summary>
    private Task<string?> RawReferralReason(Guid caseId) => factory.WithDatabase(async db =>
    {
        var id = await RawId(db, "Cases", caseId);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT \"Reason\" FROM \"Referrals\" WHERE \"CaseId\" = @id ORDER BY \"ReceivedAt\" LIMIT 1";
        Parameter(command, "@id", id);
        return (string?)await command.ExecuteScalarAsync();
    });

    /// <summary>The CPR number's column as stored, below the value converter.</summary>
    private Task<string?> RawCprOf(Guid citizenId) => factory.WithDatabase(async db =>
    {
        var id = await RawId(db, "Citizens", citizenId);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT \"CprNumber\" FROM \"Citizens\" WHERE \"Id\" = @id";
        Parameter(command, "@id", id);
        return (string?)await command.ExecuteScalarAsync();
    });

    // SQLite keeps a Guid as upper-case text, PostgreSQL as uuid: the id as the database compares it.
    private static async Task<object> RawId(LinkWorkerDbContext db, string table, Guid id)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = db.Database.IsSqlite()
            ? $"SELECT \"Id\" FROM \"{table}\" WHERE upper(\"Id\") = upper('{id}')"
            : $"SELECT \"Id\" FROM \"{table}\" WHERE \"Id\" = '{id}'";
        return (await command.ExecuteScalarAsync())!;
    }

    private static async Task Execute(LinkWorkerDbContext db, string sql, string value, object id)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        Parameter(command, "@v", value);
        Parameter(command, "@id", id);
        (await command.ExecuteNonQueryAsync()).Should().BeGreaterThan(0);
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
