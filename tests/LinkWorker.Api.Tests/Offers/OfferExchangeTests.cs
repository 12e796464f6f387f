using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class OfferExchangeTests_Sqlite(SqliteApiFactory factory) : OfferExchangeTests<SqliteApiFactory>(factory);

public sealed class OfferExchangeTests_Postgres(PostgresApiFactory factory) : OfferExchangeTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// CSV import, HSDS export and the printable list, through the API on the demo directory. Each test tags its
/// offers with a fresh prefix, so that the tests of a class can share one database.
/// </summary>
public abstract class OfferExchangeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string Header =
        "externalId;name;organiser;description;strategy;type;modes;interests;languages;locationName;street;postcode;city;schedule;cost;contactName;contactRole;contactPhone";

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];

    private static string Row(string externalId, string name, string postcode = "8000", string strategy = "SocialNetwork", string description = "Kaffe og snak") =>
        $"{externalId};{name};Testforeningen;{description};{strategy};MeetingPlace;InPerson;Food|Conversation;da|en;Huset;Testvej 1;{postcode};Aarhus C;"
        + "Monday 10:00-12:00|Thursday 14:00-16:00;0;Lise Test;Vært;+4561000000";

    [DatabaseFact]
    public async Task Import_keeps_the_good_rows_reports_the_bad_ones_by_line_and_column_and_changes_nothing_else()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var before = await Offers(coordinator);
        var t = Tag();
        var csv = string.Join("\n",
            Header,
            Row($"{t}-1", $"Spisevenner {t}"),
            Row($"{t}-2", $"Forkert strategi {t}", strategy: "Knitting"),
            Row($"{t}-3", $"Forkert postnummer {t}", postcode: "80000"),
            Row($"{t}-4", $"Strikkecafé {t}", description: "\"Vi strikker; og snakker.\nAlle er velkomne.\""),
            Row("", $"Uden nøgle {t}"),
            Row($"{t}-1", $"Spisevenner igen {t}"),
            $"{t}-5;Telefonven {t};Testforeningen;;PersonalSocialSupport;OnlineOrPhone;Phone;;;;;;;;;Per Test;;+4561000001",
            "");

        var response = await Import(coordinator, csv);

        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Json();
        result.GetProperty("created").GetInt32().Should().Be(3);
        result.GetProperty("updated").GetInt32().Should().Be(0);
        result.GetProperty("rejected").GetInt32().Should().Be(4);
        var errors = result.GetProperty("errors").EnumerateArray()
            .Select(e => (Line: e.GetProperty("line").GetInt32(), Field: e.GetProperty("field").GetString(), Message: e.GetProperty("message").GetString()!))
            .ToList();
        errors.Select(e => (e.Line, e.Field)).Should().BeEquivalentTo([(3, "strategy"), (4, "postcode"), (7, "externalId"), (8, "externalId")]);
        errors.Single(e => e.Line == 3).Message.Should().Contain("SocialNetwork", "the message lists the values allowed");
        errors.Single(e => e.Line == 7).Message.Should().Contain("opdaterer", "the message says why the key matters");
        errors.Single(e => e.Line == 8).Message.Should().Contain("linje 2");

        var after = await Offers(coordinator);
        foreach (var (id, offer) in before)
        {
            after[id].GetRawText().Should().Be(offer.GetRawText(), "an import changes only the offers of its good rows");
        }

        var added = after.Keys.Except(before.Keys).Select(id => after[id]).ToList();
        added.Select(o => o.GetProperty("externalId").GetString()).Should().BeEquivalentTo([$"{t}-1", $"{t}-4", $"{t}-5"]);
        var knitting = added.Single(o => o.GetProperty("externalId").GetString() == $"{t}-4");
        knitting.GetProperty("description").GetString().Should().Be("Vi strikker; og snakker.\nAlle er velkomne.");
        knitting.GetProperty("schedule").EnumerateArray().Select(s => s.GetProperty("day").GetString()).Should().Equal("Monday", "Thursday");
        knitting.GetProperty("district").GetProperty("name").GetString().Should().Be("Midtbyen", "the district follows from the postcode");
        knitting.GetProperty("verifiedBy").GetString().Should().Be("Koordinator Aarhus");
    }

    [DatabaseFact]
    public async Task Importing_the_same_file_twice_updates_the_offers_instead_of_adding_them_again()
    {
        var directory = await factory.ClientFor("directory.aarhus");
        var t = Tag();
        var first = string.Join("\r\n", Header, Row($"{t}-1", $"Gåklub {t}"), Row($"{t}-2", $"Sangkor {t}"));
        (await (await Import(directory, first)).Json()).GetProperty("created").GetInt32().Should().Be(2);
        var count = (await Offers(directory)).Count;

        var second = first.Replace($"Sangkor {t}", $"Sangkor for alle {t}", StringComparison.Ordinal);
        var result = await (await Import(directory, second)).Json();

        result.GetProperty("created").GetInt32().Should().Be(0);
        result.GetProperty("updated").GetInt32().Should().Be(2);
        var offers = await Offers(directory);
        offers.Should().HaveCount(count);
        offers.Values.Where(o => o.GetProperty("externalId").GetString() == $"{t}-2")
            .Should().ContainSingle().Which.GetProperty("name").GetString().Should().Be($"Sangkor for alle {t}");
    }

    [DatabaseFact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_result_without_importing_again()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();
        var csv = string.Join("\n", Header, Row($"{t}-1", $"Kortklub {t}"));
        var key = Guid.NewGuid().ToString();

        var first = await Import(coordinator, csv, key);
        var retry = await Import(coordinator, csv, key);

        (await retry.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Json()).GetProperty("created").GetInt32().Should().Be(1);
        (await Offers(coordinator)).Values.Count(o => o.GetProperty("externalId").GetString() == $"{t}-1").Should().Be(1);
    }

    [DatabaseFact]
    public async Task A_comma_separated_file_with_a_byte_order_mark_reads_quoted_fields_decimal_commas_and_the_verification_date()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();
        var verified = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-40);
        var csv = "ExternalID,Name,Organiser,Description,Strategy,Type,Modes,Postcode,Latitude,Longitude,Schedule,ScheduleNote,Cost,ContactName,LastVerified,District\r\n"
            + $"{t}-1,\"Café \"\"Hjertet\"\" {t}\",\"Kirken, Viby\",\"Linje 1; med semikolon,\r\nlinje 2\",socialnetwork,meetingplace,inperson|online,8260,\"56,1234\",10.1,"
            + $"\"tirsdag 9.30-11.30|Friday 13:00-15:00\",\"Hver uge, undtagen i juli\",25,Anne Test,{Iso(verified)},syd\r\n";
        var body = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };

        var response = await coordinator.PostAsync("/api/offers/import", body);

        var result = await response.Json();
        result.GetProperty("errors").GetArrayLength().Should().Be(0, result.ToString());
        result.GetProperty("created").GetInt32().Should().Be(1);
        var offer = (await Offers(coordinator)).Values.Single(o => o.GetProperty("externalId").GetString() == $"{t}-1");
        offer.GetProperty("name").GetString().Should().Be($"Café \"Hjertet\" {t}");
        offer.GetProperty("organiser").GetProperty("name").GetString().Should().Be("Kirken, Viby");
        offer.GetProperty("description").GetString().Should().Be("Linje 1; med semikolon,\r\nlinje 2");
        offer.GetProperty("location").GetProperty("latitude").GetDouble().Should().Be(56.1234);
        offer.GetProperty("modes").EnumerateArray().Select(m => m.GetString()).Should().Equal("InPerson", "Online");
        offer.GetProperty("schedule")[0].GetProperty("day").GetString().Should().Be("Tuesday");
        offer.GetProperty("schedule")[0].GetProperty("opens").GetString().Should().Be("09:30");
        offer.GetProperty("scheduleNote").GetString().Should().Be("Hver uge, undtagen i juli");
        offer.GetProperty("cost").GetInt32().Should().Be(25);
        offer.GetProperty("district").GetProperty("name").GetString().Should().Be("Syd");
        var copenhagen = TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen");
        var midnight = verified.ToDateTime(TimeOnly.MinValue);
        offer.GetProperty("lastVerifiedAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(midnight, copenhagen.GetUtcOffset(midnight)));
    }

    [DatabaseFact]
    public async Task A_row_that_starts_after_a_multi_line_field_is_reported_on_its_own_physical_line()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();
        var csv = string.Join("\n",
            Header,
            Row($"{t}-1", $"Lang beskrivelse {t}", description: "\"Første linje\nanden linje\ntredje linje\""),
            Row($"{t}-2", $"Uden kontakt {t}").Replace("Lise Test", "", StringComparison.Ordinal));

        var result = await (await Import(coordinator, csv)).Json();

        var error = result.GetProperty("errors").EnumerateArray().Should().ContainSingle().Which;
        error.GetProperty("line").GetInt32().Should().Be(5, "line 2 holds three physical lines");
        error.GetProperty("field").GetString().Should().Be("contactName");
    }

    [DatabaseFact]
    public async Task An_unknown_column_is_reported_and_a_file_without_the_key_column_is_refused()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();

        var unknown = await (await Import(coordinator, string.Join("\n", Header + ";postnummer", Row($"{t}-1", $"Ekstra kolonne {t}") + ";8000"))).Json();
        unknown.GetProperty("created").GetInt32().Should().Be(1);
        var error = unknown.GetProperty("errors").EnumerateArray().Should().ContainSingle().Which;
        (error.GetProperty("line").GetInt32(), error.GetProperty("field").GetString()).Should().Be((1, "postnummer"));

        var withoutKey = await Import(coordinator, "name;organiser\nKlub;Forening\n");
        withoutKey.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await withoutKey.Json()).GetProperty("errors").GetProperty("externalId")[0].GetString().Should().Contain("opdaterer");

        var tooLarge = await Import(coordinator, Header + "\n" + new string('x', 2 * 1024 * 1024 + 1));
        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        (await coordinator.PostAsync("/api/offers/import", json)).StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [DatabaseFact]
    public async Task Guides_and_referrers_may_not_import_or_export_but_may_print()
    {
        var guide = await factory.ClientFor("guide1.aarhus");
        var referrer = await factory.ClientFor("gp.aarhus");
        var csv = string.Join("\n", Header, Row($"{Tag()}-1", "Afvist"));

        (await Import(guide, csv)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Import(referrer, csv)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await guide.GetAsync("/api/offers/export")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await referrer.GetAsync("/api/offers/export")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await guide.GetAsync("/api/offers/print")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await referrer.GetAsync("/api/offers/print")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await factory.CreateClient().GetAsync("/api/offers/print")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task The_HSDS_export_holds_an_imported_offer_with_its_schedule_contact_and_location()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();
        await Import(coordinator, string.Join("\n", Header + ";latitude;longitude;contactEmail;minAge",
            Row($"{t}-1", $"Fællesspisning {t}") + ";56.15;10.2;lise@example.dk;60"));
        var offer = (await Offers(coordinator)).Values.Single(o => o.GetProperty("externalId").GetString() == $"{t}-1");

        var response = await coordinator.GetAsync("/api/offers/export");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var services = (await response.Json()).EnumerateArray().ToList();
        var service = services.Should().ContainSingle(s => s.GetProperty("name").GetString() == $"Fællesspisning {t}").Which;
        service.GetProperty("id").GetGuid().Should().Be(offer.GetProperty("id").GetGuid());
        service.GetProperty("status").GetString().Should().Be("active");
        service.GetProperty("minimum_age").GetInt32().Should().Be(60);
        service.GetProperty("organization").GetProperty("name").GetString().Should().Be("Testforeningen");
        service.GetProperty("last_modified").GetDateTimeOffset().Should().Be(offer.GetProperty("lastVerifiedAt").GetDateTimeOffset());

        var at = service.GetProperty("service_at_locations").EnumerateArray().Should().ContainSingle().Which;
        var location = at.GetProperty("location");
        location.GetProperty("name").GetString().Should().Be("Huset");
        location.GetProperty("latitude").GetDouble().Should().Be(56.15);
        var address = location.GetProperty("addresses")[0];
        (address.GetProperty("address_1").GetString(), address.GetProperty("postal_code").GetString(), address.GetProperty("city").GetString(), address.GetProperty("country").GetString())
            .Should().Be(("Testvej 1", "8000", "Aarhus C", "DK"));

        var schedules = service.GetProperty("schedules").EnumerateArray()
            .Select(s => (s.GetProperty("freq").GetString(), s.GetProperty("byday").GetString(), s.GetProperty("opens_at").GetString(), s.GetProperty("closes_at").GetString()));
        schedules.Should().Equal(("WEEKLY", "MO", "10:00", "12:00"), ("WEEKLY", "TH", "14:00", "16:00"));
        at.GetProperty("schedules").GetArrayLength().Should().Be(2);

        var contact = service.GetProperty("contacts").EnumerateArray().Should().ContainSingle().Which;
        (contact.GetProperty("name").GetString(), contact.GetProperty("title").GetString(), contact.GetProperty("email").GetString())
            .Should().Be(("Lise Test", "Vært", "lise@example.dk"));
        contact.GetProperty("phones")[0].GetProperty("number").GetString().Should().Be("+4561000000");
        service.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("code").GetString()).Should().Equal("da", "en");
        var cost = service.GetProperty("cost_options")[0];
        (cost.GetProperty("amount").GetInt32(), cost.GetProperty("currency").GetString()).Should().Be((0, "DKK"));
        service.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("taxonomy_term"))
            .Where(term => term.GetProperty("taxonomy").GetString() == "linkworker")
            .Select(term => term.GetProperty("code").GetString())
            .Should().Contain(["strategy:SocialNetwork", "type:MeetingPlace", "mode:InPerson", "interest:Food", "interest:Conversation"]);

        // Ids of the parts derive from the offer: a second export gives the same document.
        var again = (await (await coordinator.GetAsync("/api/offers/export")).Json()).EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == service.GetProperty("id").GetGuid());
        again.GetRawText().Should().Be(service.GetRawText());
        var ids = services.SelectMany(s => new[] { s.GetProperty("id").GetGuid() }
            .Concat(s.GetProperty("schedules").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()))
            .Concat(s.GetProperty("contacts").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()))
            .Concat(s.GetProperty("service_at_locations").EnumerateArray().SelectMany(x => new[] { x.GetProperty("id").GetGuid(), x.GetProperty("location").GetProperty("id").GetGuid() })));
        ids.Should().OnlyHaveUniqueItems();

        (await coordinator.PostAsync($"/api/offers/{service.GetProperty("id").GetGuid()}/archive", null)).EnsureSuccessStatusCode();
        var archived = (await (await coordinator.GetAsync("/api/offers/export")).Json()).EnumerateArray()
            .Single(s => s.GetProperty("id").GetGuid() == service.GetProperty("id").GetGuid());
        archived.GetProperty("status").GetString().Should().Be("inactive");
    }

    [DatabaseFact]
    public async Task The_printable_list_shows_the_offer_in_Danish_with_its_text_HTML_encoded_and_leaves_archived_offers_out()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var t = Tag();
        await Import(coordinator, string.Join("\n",
            Header,
            Row($"{t}-1", $"<script>alert('x')</script> Café {t}", description: "Kaffe & kage"),
            Row($"{t}-2", $"Lukket klub {t}"),
            $"{t}-3;Telefonkæden {t};Testforeningen;;PersonalSocialSupport;OnlineOrPhone;Phone;;;;;;;;25;Per Test;;+4561000001"));
        var archivedId = (await Offers(coordinator)).Values.Single(o => o.GetProperty("externalId").GetString() == $"{t}-2").GetProperty("id").GetGuid();
        (await coordinator.PostAsync($"/api/offers/{archivedId}/archive", null)).EnsureSuccessStatusCode();

        var response = await (await factory.ClientFor("homecare.aarhus")).GetAsync("/api/offers/print");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain("<h1>Fællesskaber og tilbud i Aarhus");
        html.Should().Contain("@page").And.Contain("A4");
        html.Should().Contain($"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Café {t}").And.NotContain("<script>");
        html.Should().Contain("Kaffe &amp; kage");
        html.Should().Contain("Mandag kl. 10.00–12.00").And.Contain("Torsdag kl. 14.00–16.00");
        html.Should().Contain("Gratis").And.Contain("25 kr.");
        html.Should().Contain("Lise Test, Vært").And.Contain("Telefon 61 00 00 00");
        html.Should().Contain("Huset, Testvej 1, 8000 Aarhus C");
        html.Should().NotContain($"Lukket klub {t}");
        html[..html.IndexOf("<section>", StringComparison.Ordinal)].Should().NotContain("ensom", "the page speaks to citizens of communities, not of loneliness");

        var sections = html.Split("<h2>");
        sections.Single(s => s.StartsWith("Midtbyen", StringComparison.Ordinal)).Should().Contain($"Café {t}");
        sections.Single(s => s.StartsWith("Online og over telefonen", StringComparison.Ordinal)).Should().Contain($"Telefonkæden {t}");

        var districts = (await (await coordinator.GetAsync("/api/districts")).Json()).EnumerateArray().ToList();
        var nord = districts.Single(d => d.GetProperty("name").GetString() == "Nord").GetProperty("id").GetGuid();
        var nordOnly = await (await coordinator.GetAsync($"/api/offers/print?districtId={nord}&type=MeetingPlace")).Content.ReadAsStringAsync();
        nordOnly.Should().NotContain($"Café {t}", "it meets in Midtbyen").And.NotContain("<h2>Midtbyen");
        var phoneOnly = await (await coordinator.GetAsync($"/api/offers/print?districtId={nord}&strategy=PersonalSocialSupport")).Content.ReadAsStringAsync();
        phoneOnly.Should().Contain($"Telefonkæden {t}", "offers by phone reach every district");
    }

    [DatabaseFact]
    public async Task Another_municipality_neither_sees_nor_touches_Aarhus_offers_in_import_export_or_print()
    {
        var aarhus = await factory.ClientFor("coordinator.aarhus");
        var odsherred = await factory.ClientFor("directory.odsherred");
        var aarhusOffers = await Offers(aarhus);
        var odsherredNames = (await Offers(odsherred)).Values.Select(o => o.GetProperty("name").GetString()!).ToHashSet();
        var aarhusNames = aarhusOffers.Values.Select(o => o.GetProperty("name").GetString()!)
            .Where(n => !odsherredNames.Contains(n) && !n.Contains('<', StringComparison.Ordinal) && !n.Contains('&', StringComparison.Ordinal)).ToList();
        var taken = aarhusOffers.Values.First(o => o.GetProperty("externalId").GetString() is not null);
        var t = Tag();

        // Odsherred's import with an externalId that Aarhus uses makes Odsherred's own offer.
        var result = await (await Import(odsherred, string.Join("\n", Header,
            Row(taken.GetProperty("externalId").GetString()!, $"Odsherreds egen {t}", postcode: "4500")))).Json();
        result.GetProperty("created").GetInt32().Should().Be(1, result.ToString());
        (await Offers(aarhus)).Should().HaveCount(aarhusOffers.Count);
        (await Offers(aarhus))[taken.GetProperty("id").GetGuid()].GetRawText().Should().Be(taken.GetRawText());

        var export = (await (await odsherred.GetAsync("/api/offers/export")).Json()).EnumerateArray().ToList();
        export.Should().NotBeEmpty();
        export.Select(s => s.GetProperty("id").GetGuid()).Should().NotIntersectWith(aarhusOffers.Keys);
        export.Should().Contain(s => s.GetProperty("name").GetString() == $"Odsherreds egen {t}");

        var print = await (await odsherred.GetAsync("/api/offers/print")).Content.ReadAsStringAsync();
        print.Should().Contain("Fællesskaber og tilbud i Odsherred").And.Contain($"Odsherreds egen {t}");
        aarhusNames.Should().NotBeEmpty();
        foreach (var name in aarhusNames)
        {
            print.Should().NotContain($"<h3>{name}</h3>");
        }

        var aarhusDistrict = aarhusOffers.Values.Select(o => o.GetProperty("district")).First(d => d.ValueKind == JsonValueKind.Object).GetProperty("id").GetGuid();
        (await odsherred.GetAsync($"/api/offers/print?districtId={aarhusDistrict}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, string csv, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offers/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    private static async Task<Dictionary<Guid, JsonElement>> Offers(HttpClient client)
    {
        var response = await client.GetAsync("/api/offers?includeArchived=true");
        response.EnsureSuccessStatusCode();
        return (await response.Json()).EnumerateArray().ToDictionary(o => o.GetProperty("id").GetGuid(), o => o.Clone());
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
