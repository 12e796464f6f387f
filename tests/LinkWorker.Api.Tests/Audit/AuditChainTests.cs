using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Infrastructure.Persistence;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Api.Tests.Audit;

public sealed class AuditChainTests_Sqlite(SqliteApiFactory factory) : AuditChainTests<SqliteApiFactory>(factory);

public sealed class AuditChainTests_Postgres(PostgresApiFactory factory) : AuditChainTests<PostgresApiFactory>(factory), IUsesPostgres
{
    [DatabaseFact]
    public async Task A_writer_takes_a_chain_no_one_holds_instead_of_waiting_for_one()
    {
        // Another transaction (a node's long save, say) holds seven of the eight heads.
        await using var scope = Fixture.Services.CreateAsyncScope();
        var holder = scope.ServiceProvider.GetRequiredService<LinkWorkerDbContext>();
        await using var held = await holder.Database.BeginTransactionAsync();
        await holder.Database.ExecuteSqlRawAsync("""SELECT 1 FROM "AuditChainHeads" WHERE "Chain" < 7 FOR UPDATE""");

        var client = await Fixture.ClientFor("gp.aarhus");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var chains = new List<int?>();
        for (var i = 0; i < 3; i++)
        {
            // A writer that picked a held head at random would wait for it here (7 in 8 each time).
            var response = await client.PostAsJsonAsync("/api/referrals", ReferralBodies.Valid(), patience.Token);
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            var referral = (await response.Content.ReadFromJsonAsync<JsonElement>(patience.Token)).GetProperty("referralId").GetGuid();
            chains.Add(await Fixture.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
                .Where(e => e.EntityId == referral && e.Action == "SubmitReferral").Select(e => e.Chain).SingleAsync()));
        }

        chains.Should().AllBeEquivalentTo(7);
        await held.RollbackAsync();
    }
}

/// <summary>
/// The audit trail is tamper-evident (issue 16, ADR 25): rows edited, deleted or inserted behind the application's
/// back, with the append-only triggers switched off as a database administrator could, are each named by the
/// verifier; two nodes appending at once keep every chain whole.
/// </summary>
public abstract class AuditChainTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    protected TFactory Fixture => factory;

    private bool IsSqlite => factory is SqliteApiFactory;

    [DatabaseFact]
    public async Task Only_an_administrator_verifies_the_trail()
    {
        var guide = await factory.ClientFor("guide1.aarhus");
        (await guide.GetAsync("/api/admin/audit/verify")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await factory.CreateClient().GetAsync("/api/admin/audit/verify")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var verdict = await Verify();
        verdict.GetProperty("intact").GetBoolean().Should().BeTrue();
        verdict.GetProperty("chains").GetArrayLength().Should().Be(8);
    }

    [DatabaseFact]
    public async Task Each_edit_deletion_and_insertion_behind_the_applications_back_is_named()
    {
        await WriteSomeAudit(reads: 12);
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue();
        // A row in the middle of its chain: links before and after it.
        var victim = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Chain != null && e.Sequence > 1
                && db.AuditEntries.IgnoreQueryFilters().Any(n => n.Chain == e.Chain && n.Sequence == e.Sequence + 1))
            .OrderByDescending(e => e.Sequence).FirstAsync());

        // An edit: the row no longer matches its link.
        await Tamper($"""UPDATE "AuditEntries" SET "Action" = 'Nothing' WHERE "Id" = '{Id(victim.Id)}'""");
        var edited = await Verify();
        edited.GetProperty("intact").GetBoolean().Should().BeFalse();
        Break(edited).GetProperty("entryId").GetGuid().Should().Be(victim.Id);
        await Tamper($"""UPDATE "AuditEntries" SET "Action" = '{victim.Action}' WHERE "Id" = '{Id(victim.Id)}'""");
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue("the row is as written again");

        // A deletion: a gap where the row was.
        await Hide(victim.Id);
        var deleted = Break(await Verify());
        deleted.GetProperty("chain").GetInt32().Should().Be(victim.Chain);
        deleted.GetProperty("sequence").GetInt64().Should().Be(victim.Sequence);
        deleted.GetProperty("problem").GetString().Should().Contain("missing");
        await Restore();
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue();

        // An insertion: a forged row in the victim's place, with a link made without the key.
        var forged = Guid.CreateVersion7();
        await Tamper($"""UPDATE "AuditEntries" SET "Sequence" = "Sequence" + 1000000 WHERE "Chain" = {victim.Chain} AND "Sequence" >= {victim.Sequence}""");
        await Tamper($"""
            INSERT INTO "AuditEntries" ("Id", "At", "UserId", "Roles", "MunicipalityCode", "Action", "EntityType", "EntityId", "CorrelationId", "Outcome", "Chain", "Sequence", "Hash")
            SELECT '{Id(forged)}', "At", "UserId", "Roles", "MunicipalityCode", 'GetQueue', "EntityType", "EntityId", "CorrelationId", "Outcome", "Chain", {victim.Sequence}, "Hash"
            FROM "AuditEntries" WHERE "Id" = '{Id(victim.Id)}'
            """);
        var inserted = Break(await Verify());
        inserted.GetProperty("entryId").GetGuid().Should().Be(forged);
        inserted.GetProperty("sequence").GetInt64().Should().Be(victim.Sequence!.Value);

        // A subject taken out of a list read's row is as much an edit of that row.
        await Tamper($"""DELETE FROM "AuditEntries" WHERE "Id" = '{Id(forged)}'""");
        await Tamper($"""UPDATE "AuditEntries" SET "Sequence" = "Sequence" - 1000000 WHERE "Chain" = {victim.Chain} AND "Sequence" >= 1000000""");
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue();
        var listRead = await factory.WithDatabase(db => db.AuditEntrySubjects
            .Join(db.AuditEntries.IgnoreQueryFilters().Where(e => e.Chain != null), s => s.AuditEntryId, e => e.Id, (s, e) => s).FirstAsync());
        await Tamper($"""DELETE FROM "AuditEntrySubjects" WHERE "AuditEntryId" = '{Id(listRead.AuditEntryId)}' AND "EntityId" = '{Id(listRead.EntityId)}'""");
        Break(await Verify()).GetProperty("entryId").GetGuid().Should().Be(listRead.AuditEntryId);
        var at = IsSqlite ? listRead.At.UtcTicks.ToString(CultureInfo.InvariantCulture) : $"'{listRead.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}+00'";
        await Tamper($"""INSERT INTO "AuditEntrySubjects" ("EntityId", "AuditEntryId", "At") VALUES ('{Id(listRead.EntityId)}', '{Id(listRead.AuditEntryId)}', {at})""");
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue();

        // The newest link cut off: the chain no longer reaches its head.
        var newest = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(e => e.Chain == victim.Chain).OrderByDescending(e => e.Sequence).FirstAsync());
        await Hide(newest.Id);
        var truncated = Break(await Verify());
        truncated.GetProperty("chain").GetInt32().Should().Be(victim.Chain);
        truncated.GetProperty("sequence").GetInt64().Should().Be(newest.Sequence!.Value);
        await Restore();
        (await Verify()).GetProperty("intact").GetBoolean().Should().BeTrue();
    }

    [DatabaseFact]
    public async Task Two_nodes_appending_at_once_keep_every_chain_whole()
    {
        await using var second = factory.NodeOnSameDatabase();
        var before = (await Verify()).GetProperty("linksChecked").GetInt64();
        var clients = new[] { await factory.ClientFor("guide1.aarhus"), await second.ClientFor("guide1.aarhus") };

        (await clients[0].GetAsync("/api/queue?pageSize=5")).EnsureSuccessStatusCode(); // the guide's first visit is behind them
        var reads = Enumerable.Range(0, 60).Select(i => clients[i % 2].GetAsync("/api/queue?pageSize=5"));
        (await Task.WhenAll(reads)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);

        var verdict = await Verify();
        verdict.GetProperty("intact").GetBoolean().Should().BeTrue();
        verdict.GetProperty("linksChecked").GetInt64().Should().BeGreaterThanOrEqualTo(before + 60, "every read is a link");
        var used = verdict.GetProperty("chains").EnumerateArray().Count(c => c.GetProperty("lastSequence").GetInt64() > 0);
        used.Should().BeGreaterThan(1, "writers spread over the chains");
    }

    private async Task WriteSomeAudit(int reads)
    {
        var guide = await factory.ClientFor("guide1.aarhus");
        for (var i = 0; i < reads; i++)
        {
            (await guide.GetAsync("/api/queue?pageSize=3")).EnsureSuccessStatusCode();
        }
    }

    private async Task<JsonElement> Verify()
    {
        var admin = await factory.ClientFor("admin.aarhus");
        var response = await admin.GetAsync("/api/admin/audit/verify");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement Break(JsonElement verdict)
    {
        verdict.GetProperty("intact").GetBoolean().Should().BeFalse();
        return verdict.GetProperty("firstBreak");
    }

    /// <summary>Deletes a row (and the subjects it names), keeping a copy for <see cref="Restore"/>.</summary>
    private Task<int> Hide(Guid entryId) => Tamper($"""
        CREATE TABLE "HiddenEntry" AS SELECT * FROM "AuditEntries" WHERE "Id" = '{Id(entryId)}';
        CREATE TABLE "HiddenSubjects" AS SELECT * FROM "AuditEntrySubjects" WHERE "AuditEntryId" = '{Id(entryId)}';
        DELETE FROM "AuditEntrySubjects" WHERE "AuditEntryId" = '{Id(entryId)}';
        DELETE FROM "AuditEntries" WHERE "Id" = '{Id(entryId)}'
        """);

    private Task<int> Restore() => Tamper("""
        INSERT INTO "AuditEntries" SELECT * FROM "HiddenEntry";
        INSERT INTO "AuditEntrySubjects" SELECT * FROM "HiddenSubjects";
        DROP TABLE "HiddenEntry";
        DROP TABLE "HiddenSubjects"
        """);

    /// <summary>What a database administrator could do: switch the append-only triggers off, change rows, switch them on.</summary>
    private Task<int> Tamper(string sql) => factory.WithDatabase(async db =>
    {
        string[] tables = ["AuditEntries", "AuditEntrySubjects"];
        var (off, on) = IsSqlite
            ? (string.Concat(tables.Select(t => $"""DROP TRIGGER "{t}_no_update"; DROP TRIGGER "{t}_no_delete";""")),
               string.Concat(tables.Select(t => $"""
                CREATE TRIGGER "{t}_no_update" BEFORE UPDATE ON "{t}" BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END;
                CREATE TRIGGER "{t}_no_delete" BEFORE DELETE ON "{t}" BEGIN SELECT RAISE(ABORT, '{t} is append-only'); END;
                """)))
            : (string.Concat(tables.Select(t => $"""ALTER TABLE "{t}" DISABLE TRIGGER USER;""")),
               string.Concat(tables.Select(t => $"""ALTER TABLE "{t}" ENABLE TRIGGER USER;""")));
#pragma warning disable EF1003 // The test's own SQL, no input from outside.
        await db.Database.ExecuteSqlRawAsync(off + sql + ";" + on);
#pragma warning restore EF1003
        return 0;
    });

    /// <summary>A Guid as each database stores it in text comparisons (SQLite keeps upper-case text).</summary>
    private string Id(Guid id) => IsSqlite ? id.ToString().ToUpperInvariant() : id.ToString();
}
