using System.Net;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Auditing;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Cases;

public sealed class CaseAuditTests_Sqlite(SqliteApiFactory factory) : CaseAuditTests<SqliteApiFactory>(factory);

public sealed class CaseAuditTests_Postgres(PostgresApiFactory factory) : CaseAuditTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// A case's audit trail, a keyset page at a time (issue 14, ADR 31): newest first, every row once across entries
/// with the same time and list reads that showed several of the case's entities, its filters in the query, and
/// reading it audited as one entry.
/// </summary>
public abstract class CaseAuditTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string Aarhus = "0751";

    [DatabaseFact]
    public async Task Pages_walk_the_whole_trail_newest_first_with_no_row_twice_or_missing()
    {
        var (caseId, citizenId, coordinator) = await CaseWithATrail();
        var trail = new List<Row>();

        foreach (var pageSize in (int[])[1, 3, 7])
        {
            // Each walk's reads are audited and join the trail (newer than any row walked): the trail as it stands.
            trail = await Trail(caseId, citizenId);
            var pages = await coordinator.GetPages($"/api/cases/{caseId}/audit", pageSize);
            var rows = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(Row.Of).ToList();

            rows.Should().Equal(trail, $"pages of {pageSize} must walk the trail as it stood, newest first");
            pages.Take(pages.Count - 1).Should().OnlyContain(p => p.GetProperty("items").GetArrayLength() == pageSize);
            pages[^1].GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        }

        trail.GroupBy(r => r.At).Should().Contain(g => g.Count() >= 5, "the trail must hold rows with the same time for the order to be tested");
        trail.GroupBy(r => (r.At, r.EntryId)).Should().Contain(g => g.Count() >= 2, "and a list read that showed two of the case's entities");
    }

    [DatabaseFact]
    public async Task Each_filter_is_applied_in_the_query_and_pages_alike()
    {
        var (caseId, citizenId, coordinator) = await CaseWithATrail();
        var trail = await Trail(caseId, citizenId);
        var someone = trail.First(r => r.UserId is not null && r.Action == "Seeded").UserId!.Value;
        var day = trail.First(r => r.Action == "Seeded").At;
        var from = day.AddMinutes(-1);
        var before = day.AddMinutes(1);

        var filters = new (string Query, Func<Row, bool> Keeps)[]
        {
            ("person=system", r => r.UserId is null),
            ($"person={someone}", r => r.UserId == someone),
            ("action=SeededList", r => r.Action == "SeededList"),
            ($"from={Uri.EscapeDataString(from.ToString("O"))}", r => r.At >= from),
            ($"before={Uri.EscapeDataString(before.ToString("O"))}", r => r.At < before),
            ($"action=Seeded&from={Uri.EscapeDataString(from.ToString("O"))}&before={Uri.EscapeDataString(before.ToString("O"))}",
                r => r.Action == "Seeded" && r.At >= from && r.At < before),
        };

        foreach (var (query, keeps) in filters)
        {
            trail = await Trail(caseId, citizenId);
            var expected = trail.Where(keeps).ToList();
            expected.Should().NotBeEmpty(query).And.HaveCountLessThan(trail.Count, query);
            var rows = (await coordinator.GetPages($"/api/cases/{caseId}/audit?{query}", 2))
                .SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(Row.Of).ToList();
            rows.Should().Equal(expected, query);
        }
    }

    [DatabaseFact]
    public async Task Bad_paging_or_filters_are_refused_naming_the_field()
    {
        var (caseId, _, _, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        var first = await (await coordinator.GetAsync($"/api/cases/{caseId}/audit?pageSize=1")).Json();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var otherList = await (await coordinator.GetAsync("/api/referrals?pageSize=1")).Json();
        var path = $"/api/cases/{caseId}/audit";

        await RefusedNaming(coordinator, $"{path}?pageSize=0", "pageSize");
        await RefusedNaming(coordinator, $"{path}?pageSize=201", "pageSize");
        await RefusedNaming(coordinator, $"{path}?cursor=not-a-cursor!", "cursor");
        await RefusedNaming(coordinator, $"{path}?cursor={Uri.EscapeDataString(cursor[..^2] + (cursor[^2] == 'A' ? "B" : "A") + cursor[^1])}", "cursor");
        await RefusedNaming(coordinator, $"{path}?cursor={Uri.EscapeDataString(otherList.GetProperty("nextCursor").GetString()!)}", "cursor");
        await RefusedNaming(coordinator, $"{path}?person=Jens%20Hansen", "person");
        await RefusedNaming(coordinator, $"{path}?action=Get%20Case%3B", "action");
        await RefusedNaming(coordinator, $"{path}?from=2026-11-02T00:00:00Z&before=2026-11-01T00:00:00Z", "before");
    }

    [DatabaseFact]
    public async Task Only_a_coordinator_of_the_cases_municipality_reads_it_and_each_page_read_is_one_audit_entry()
    {
        var (caseId, _, guide, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        (await guide.GetAsync($"/api/cases/{caseId}/audit")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var odsherred = await factory.ClientFor("coordinator.odsherred");
        (await odsherred.GetAsync($"/api/cases/{caseId}/audit")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var before = await Reads();
        (await coordinator.GetAsync($"/api/cases/{caseId}/audit?pageSize=1")).StatusCode.Should().Be(HttpStatusCode.OK);
        var after = await Reads();

        var read = after.ExceptBy(before.Select(a => a.Id), a => a.Id).Should().ContainSingle("reading a page of the trail is one audit entry, as reading it whole was").Subject;
        (read.MunicipalityCode, read.Outcome, read.UserId).Should().Be((Aarhus, "Succeeded", await UserId(coordinator)));
        var shown = await (await coordinator.GetAsync($"/api/cases/{caseId}/audit?action=GetCaseAudit")).Json();
        shown.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("entryId").GetGuid()).Should().Contain(read.Id, "the read shows in the trail it read");

        Task<List<AuditEntry>> Reads() => factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters()
            .Where(a => a.Action == "GetCaseAudit" && a.EntityId == caseId).ToListAsync());
    }

    /// <summary>
    /// A routed case with real entries, plus seeded ones: eight of the case's own at one time, list reads at that time
    /// naming the case and its citizen, a system entry, and an entry of another municipality (never shown).
    /// </summary>
    private async Task<(Guid CaseId, Guid CitizenId, HttpClient Coordinator)> CaseWithATrail()
    {
        var (caseId, _, guide, coordinator) = await RoutingWorld.NewRoutedCase(factory);
        (await guide.GetAsync($"/api/cases/{caseId}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var citizenId = await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().Where(c => c.Id == caseId).Select(c => c.CitizenId).SingleAsync());
        var same = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-3).AddHours(10), TimeSpan.Zero);
        var people = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        await factory.WithDatabase(async db =>
        {
            for (var i = 0; i < 8; i++)
            {
                db.AuditEntries.Add(Entry(same, people[i % 3], Aarhus, "Seeded", i % 2 == 0 ? caseId : citizenId));
            }

            for (var i = 0; i < 3; i++)
            {
                var list = Entry(same, people[i], Aarhus, "SeededList", null);
                db.AuditEntries.Add(list);
                db.AuditEntrySubjects.AddRange(new AuditEntrySubject(list.Id, caseId, same), new AuditEntrySubject(list.Id, citizenId, same));
            }

            db.AuditEntries.Add(Entry(same.AddDays(-1), null, Aarhus, "FireFollowUp", caseId));
            db.AuditEntries.Add(Entry(same.AddHours(-2), people[0], Aarhus, "Seeded", caseId));
            db.AuditEntries.Add(Entry(same, Guid.NewGuid(), "0306", "Seeded", caseId));
            return await db.SaveChangesAsync();
        });

        return (caseId, citizenId, coordinator);
    }

    /// <summary>The trail as the database holds it, newest first by time, entry id and entity id in the databases' id order (their text).</summary>
    private Task<List<Row>> Trail(Guid caseId, Guid citizenId) =>
        factory.WithDatabase(async db =>
        {
            var ids = new List<Guid> { caseId, citizenId };
            ids.AddRange(await db.Referrals.IgnoreQueryFilters().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync());
            ids.AddRange(await db.Consents.IgnoreQueryFilters().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync());
            ids.AddRange(await db.Conversations.IgnoreQueryFilters().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync());
            ids.AddRange(await db.FollowUps.IgnoreQueryFilters().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync());
            ids.AddRange(await db.CommunityParticipations.IgnoreQueryFilters().Where(r => r.CaseId == caseId).Select(r => r.Id).ToListAsync());
            var direct = await db.AuditEntries.IgnoreQueryFilters()
                .Where(a => a.EntityId != null && ids.Contains(a.EntityId.Value) && a.MunicipalityCode == Aarhus).ToListAsync();
            var listed = await (from s in db.AuditEntrySubjects
                                join a in db.AuditEntries.IgnoreQueryFilters() on s.AuditEntryId equals a.Id
                                where ids.Contains(s.EntityId) && a.MunicipalityCode == Aarhus
                                select new { a, s.EntityId }).ToListAsync();
            return direct.Select(a => new Row(a.At, a.Id, a.EntityId!.Value, a.UserId, a.Action))
                .Concat(listed.Select(l => new Row(l.a.At, l.a.Id, l.EntityId, l.a.UserId, l.a.Action)))
                .OrderByDescending(r => r.At)
                .ThenByDescending(r => r.EntryId.ToString("D"), StringComparer.Ordinal)
                .ThenByDescending(r => r.EntityId.ToString("D"), StringComparer.Ordinal)
                .ToList();
        });

    private static async Task<Guid> UserId(HttpClient client) => (await (await client.GetAsync("/api/me")).Json()).GetProperty("id").GetGuid();

    private static AuditEntry Entry(DateTimeOffset at, Guid? user, string municipality, string action, Guid? entity) =>
        new(Guid.NewGuid(), at, user, user is null ? "" : "Guide", municipality, action, "Case", entity, null, "Succeeded");

    private static async Task RefusedNaming(HttpClient client, string path, string field)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
        (await response.Json()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(field, path);
    }

    private sealed record Row(DateTimeOffset At, Guid EntryId, Guid EntityId, Guid? UserId, string Action)
    {
        public static Row Of(JsonElement e) => new(
            e.GetProperty("at").GetDateTimeOffset().ToUniversalTime(),
            e.GetProperty("entryId").GetGuid(),
            e.GetProperty("entityId").GetGuid(),
            e.GetProperty("userId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("userId").GetGuid(),
            e.GetProperty("action").GetString()!);
    }
}
