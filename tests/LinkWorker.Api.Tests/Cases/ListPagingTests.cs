using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Cases;

public sealed class ListPagingTests_Sqlite(SqliteApiFactory factory) : ListPagingTests<SqliteApiFactory>(factory);

public sealed class ListPagingTests_Postgres(PostgresApiFactory factory) : ListPagingTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Keyset paging of the lists (issue 13): every row once, in the list's order, one audit entry per page read.</summary>
public abstract class ListPagingTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private static readonly Dictionary<string, int> UrgencyRank = new() { ["Low"] = 0, ["Normal"] = 1, ["High"] = 2 };

    [DatabaseFact]
    public async Task Paging_the_queue_returns_every_case_once_in_the_queue_order()
    {
        var (postcode, guide) = await NewGuide(capacity: 30);
        var gp = await factory.ClientFor("gp.aarhus");
        var created = new List<Guid>();
        foreach (var urgency in new[] { "Normal", "High", "Low", "High" })
        {
            created.Add(await Refer(gp, postcode, urgency));
        }

        // Twenty days later the first four are past their first-contact deadline (five working days).
        factory.MoveClock(TimeSpan.FromDays(20));
        gp = await factory.ClientFor("gp.aarhus");
        guide = await factory.ClientFor(GuideUser);
        foreach (var urgency in new[] { "Low", "High", "Normal", "Normal", "High", "Low", "Normal", "High", "Normal" })
        {
            created.Add(await Refer(gp, postcode, urgency));
        }

        foreach (var contacted in new[] { created[5], created[9], created[11] })
        {
            (await guide.PostAsJsonAsync($"/api/cases/{contacted}/contact-attempts", new { channel = "Phone", succeeded = true }))
                .StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var pages = await guide.GetPages("/api/queue", pageSize: 4);
        var items = pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).ToList();

        pages.Should().HaveCount(4, "13 cases in pages of 4");
        pages[^1].GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        pages.Take(3).Should().OnlyContain(p => p.GetProperty("items").GetArrayLength() == 4);
        items.Select(i => i.GetProperty("caseId").GetGuid()).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(created);
        items.Count(Overdue).Should().Be(4, "the world must hold overdue cases for the order to mean anything");
        items.Count(i => i.GetProperty("firstContactDeadline").ValueKind == JsonValueKind.Null).Should().Be(3);
        var expected = items
            .OrderByDescending(Overdue)
            .ThenByDescending(i => UrgencyRank[i.GetProperty("urgency").GetString()!])
            .ThenBy(i => i.GetProperty("firstContactDeadline") is { ValueKind: JsonValueKind.Object } d ? DateOnly.Parse(d.GetProperty("due").GetString()!, System.Globalization.CultureInfo.InvariantCulture) : DateOnly.MaxValue)
            .ThenBy(i => i.GetProperty("openedAt").GetDateTimeOffset())
            .Select(i => i.GetProperty("caseId").GetGuid());
        items.Select(i => i.GetProperty("caseId").GetGuid()).Should().Equal(expected);
        items[0].GetProperty("urgency").GetString().Should().Be("High");
        Overdue(items[0]).Should().BeTrue();
    }

    [DatabaseFact]
    public async Task The_overdue_boundary_is_the_first_pages_so_cases_passing_their_deadline_while_paging_keep_their_place()
    {
        var (postcode, guide) = await NewGuide(capacity: 20);
        var gp = await factory.ClientFor("gp.aarhus");
        var older = await Refer(gp, postcode, "Normal");
        factory.MoveClock(TimeSpan.FromDays(20));
        gp = await factory.ClientFor("gp.aarhus");
        var high = await Refer(gp, postcode, "High");
        var low = await Refer(gp, postcode, "Low");
        guide = await factory.ClientFor(GuideUser);

        // Overdue first, whatever the urgency: the older Normal case before the newer High one.
        var first = await (await guide.GetAsync("/api/queue?pageSize=1")).Json();
        first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().Equal(older);
        var cursor = first.GetProperty("nextCursor").GetString()!;

        // The two newer cases pass their deadline while the guide pages: the rest keeps the first page's order.
        factory.MoveClock(TimeSpan.FromDays(20));
        guide = await factory.ClientFor(GuideUser);
        var rest = new List<Guid>();
        string? next = cursor;
        while (next is not null)
        {
            var page = await (await guide.GetAsync($"/api/queue?pageSize=1&cursor={Uri.EscapeDataString(next)}")).Json();
            rest.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
            next = page.GetProperty("nextCursor").GetString();
        }

        rest.Should().Equal(high, low);

        // Read afresh, all three are overdue: most urgent first.
        var again = await (await guide.GetAsync("/api/queue?pageSize=10")).Json();
        var items = again.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("caseId").GetGuid()).Should().Equal(high, older, low);
        items.Should().OnlyContain(i => Overdue(i));
    }

    [DatabaseFact]
    public async Task A_case_that_changes_between_pages_is_neither_repeated_nor_lost()
    {
        var (postcode, guide) = await NewGuide(capacity: 20);
        var gp = await factory.ClientFor("gp.aarhus");
        var cases = new List<Guid>();
        for (var i = 0; i < 8; i++)
        {
            cases.Add(await Refer(gp, postcode, "Normal"));
        }

        var first = await (await guide.GetAsync("/api/queue?pageSize=3")).Json();
        first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).Should().Equal(cases.Take(3));
        var cursor = first.GetProperty("nextCursor").GetString()!;

        // Between pages: a case already shown goes back to triage, a case not yet shown is contacted (it moves to the
        // end, among the cases without a deadline), and a new case arrives (newest with a deadline).
        (await guide.PostAsJsonAsync($"/api/cases/{cases[1]}/hand-back", new { reason = "Moving away" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await guide.PostAsJsonAsync($"/api/cases/{cases[5]}/contact-attempts", new { channel = "Phone", succeeded = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        var arrived = await Refer(gp, postcode, "Normal");

        var rest = new List<Guid>();
        string? next = cursor;
        while (next is not null)
        {
            var page = await (await guide.GetAsync($"/api/queue?pageSize=3&cursor={Uri.EscapeDataString(next)}")).Json();
            rest.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()));
            next = page.GetProperty("nextCursor").GetString();
        }

        rest.Should().Equal(cases[3], cases[4], cases[6], cases[7], arrived, cases[5]);
    }

    [DatabaseFact]
    public async Task Bad_page_sizes_and_cursors_are_refused_naming_the_field()
    {
        var (postcode, guide) = await NewGuide(capacity: 5);
        var gp = await factory.ClientFor("gp.aarhus");
        await Refer(gp, postcode, "Normal");
        await Refer(gp, postcode, "Normal");
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var cursor = (await (await guide.GetAsync("/api/queue?pageSize=1")).Json()).GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..^3] + (cursor[^3] == 'A' ? 'B' : 'A') + cursor[^2..];

        await RefusedNaming(guide, "/api/queue?pageSize=201", "pageSize");
        await RefusedNaming(guide, "/api/queue?pageSize=0", "pageSize");
        await RefusedNaming(guide, "/api/queue?cursor=not-a-cursor!", "cursor");
        await RefusedNaming(guide, $"/api/queue?cursor={Uri.EscapeDataString(tampered)}", "cursor");
        await RefusedNaming(coordinator, $"/api/triage?cursor={Uri.EscapeDataString(cursor)}", "cursor");
        await RefusedNaming(coordinator, $"/api/referrals?cursor={Uri.EscapeDataString(cursor)}", "cursor");
        await RefusedNaming(guide, "/api/notifications?pageSize=1000", "pageSize");
        (await guide.GetAsync($"/api/queue?pageSize=1&cursor={Uri.EscapeDataString(cursor)}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await guide.GetAsync("/api/queue?cursor=")).StatusCode.Should().Be(HttpStatusCode.OK, "an empty cursor is the first page");
        System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor))
            .Should().MatchRegex("^queue(\\.[0-9a-f]+)+$", "a cursor holds sort keys and ids only, never names");
    }

    [DatabaseFact]
    public async Task A_page_read_writes_one_audit_entry_naming_the_cases_shown_and_the_case_audit_finds_it()
    {
        var (postcode, guide) = await NewGuide(capacity: 10);
        var gp = await factory.ClientFor("gp.aarhus");
        var cases = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            cases.Add(await Refer(gp, postcode, "Normal"));
        }

        var before = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "GetQueue"));
        var page = await (await guide.GetAsync("/api/queue?pageSize=3")).Json();
        var shown = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("caseId").GetGuid()).ToList();

        var entries = await factory.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == "GetQueue")
            .OrderBy(a => a.At).ToListAsync());
        entries.Should().HaveCount(before + 1, "one page read is one audit entry, not one per case");
        var entry = entries[^1];
        entry.EntityType.Should().Be("Case");
        entry.EntityId.Should().BeNull();
        var subjects = await factory.WithDatabase(db => db.AuditEntrySubjects.Where(s => s.AuditEntryId == entry.Id).Select(s => s.EntityId).ToListAsync());
        subjects.Should().BeEquivalentTo(shown);
        shown.Should().Equal(cases.Take(3));

        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var trail = await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{cases[0]}/audit?pageSize=200");
        trail.GetProperty("items").EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "GetQueue"
            && a.GetProperty("entityId").GetGuid() == cases[0] && a.GetProperty("outcome").GetString() == "Succeeded");
        var delete = () => factory.WithDatabase(db => db.AuditEntrySubjects.Where(s => s.AuditEntryId == entry.Id).ExecuteDeleteAsync());
        await delete.Should().ThrowAsync<Exception>("the subjects of a list read are as append-only as the entries");
        var unseen = await coordinator.GetFromJsonAsync<JsonElement>($"/api/cases/{cases[4]}/audit?pageSize=200");
        unseen.GetProperty("items").EnumerateArray().Should().NotContain(a => a.GetProperty("action").GetString() == "GetQueue", "the case was not on the page read");
    }

    [DatabaseFact]
    public async Task Referrals_and_triage_page_through_every_row_once()
    {
        var gp = await factory.ClientFor("homecare.aarhus");
        var postcode = RoutingWorld.NewPostcode(); // no district covers it: the cases go to triage
        var referrals = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            var created = await (await gp.Submit(RoutingWorld.ReferralIn(postcode))).Json();
            referrals.Add(created.GetProperty("referralId").GetGuid());
        }

        var all = (await gp.GetAllItems("/api/referrals", pageSize: 2)).EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        all.Should().OnlyHaveUniqueItems();
        all.Where(referrals.Contains).Should().Equal(Enumerable.Reverse(referrals), "newest first, every referral once");

        var triage = (await (await factory.ClientFor("coordinator.aarhus")).GetAllItems("/api/triage", pageSize: 3)).EnumerateArray()
            .Where(i => i.GetProperty("postcode").GetString() == postcode).ToList();
        triage.Should().HaveCount(7);
        triage.Select(i => i.GetProperty("caseId").GetGuid()).Should().OnlyHaveUniqueItems();
    }

    private string GuideUser { get; set; } = "";

    private static bool Overdue(JsonElement item) =>
        item.GetProperty("firstContactDeadline") is { ValueKind: JsonValueKind.Object } deadline && deadline.GetProperty("overdue").GetBoolean();

    private async Task<(string Postcode, HttpClient Guide)> NewGuide(int capacity)
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var postcode = RoutingWorld.NewPostcode();
        var district = await RoutingWorld.CreateDistrict(coordinator, postcode);
        var (_, userName) = await RoutingWorld.CreateGuide(factory, coordinator, district, capacity);
        GuideUser = userName;
        return (postcode, await factory.ClientFor(userName));
    }

    private static async Task<Guid> Refer(HttpClient referrer, string postcode, string urgency)
    {
        var body = RoutingWorld.ReferralIn(postcode);
        body["urgency"] = urgency;
        var response = await referrer.Submit(body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Json();
        created.GetProperty("status").GetString().Should().Be("Assigned");
        return created.GetProperty("caseId").GetGuid();
    }

    private static async Task RefusedNaming(HttpClient client, string path, string field)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
        (await response.Json()).GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(field, path);
    }
}
