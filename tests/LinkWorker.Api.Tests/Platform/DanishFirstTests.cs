using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Application.Common.Texts;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Domain.Calendar;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Platform;

public sealed class DanishFirstTests_Sqlite(SqliteApiFactory factory) : DanishFirstTests<SqliteApiFactory>(factory);

public sealed class DanishFirstTests_Postgres(PostgresApiFactory factory) : DanishFirstTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Issue 19, point 13: what people read comes in Danish, in English where the request asks for it (Accept-Language).</summary>
public abstract class DanishFirstTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    private const string Header =
        "externalId;name;organiser;description;strategy;type;modes;interests;languages;locationName;street;postcode;city;schedule;cost;contactName;contactRole;contactPhone";

    [DatabaseFact]
    public async Task A_notification_title_is_Danish_unless_the_reader_asks_for_English()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var planned = await guide.PostAsJsonAsync($"/api/cases/{caseId}/follow-ups", new { dueAt = DateTimeOffset.UtcNow.AddDays(14), kind = "CheckInCall" });
        planned.StatusCode.Should().Be(HttpStatusCode.Created, await planned.Content.ReadAsStringAsync());
        var followUp = (await planned.Json()).GetProperty("id").GetGuid();
        await factory.SendAsSystem(new FireFollowUpCommand(followUp));

        var danish = await NotificationFor(guide, followUp, acceptLanguage: null);
        var english = await NotificationFor(guide, followUp, acceptLanguage: "en-GB,en;q=0.9,da;q=0.5");
        var danishFirst = await NotificationFor(guide, followUp, acceptLanguage: "da-DK,da;q=0.9,en;q=0.8");

        danish.GetProperty("title").GetString().Should().Be("Tid til opfølgningsopkald");
        danish.GetProperty("body").GetString().Should().Be("En planlagt opfølgning skal laves nu.");
        english.GetProperty("title").GetString().Should().Be("Check-in call due");
        english.GetProperty("body").GetString().Should().Be("A planned follow-up is due.");
        danishFirst.GetProperty("title").GetString().Should().Be("Tid til opfølgningsopkald");
    }

    [DatabaseFact]
    public async Task Import_row_errors_are_Danish_unless_the_request_asks_for_English()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join("\n",
            Header,
            $"{tag}-1;Strikkeklub {tag};Testforeningen;;Knitting;MeetingPlace;InPerson;;da;Huset;Testvej 1;8000;Aarhus C;Monday 10:00-12:00;0;Lise Test;Vært;+4561000000",
            $"{tag}-1;Strikkeklub igen {tag};Testforeningen;;SocialNetwork;MeetingPlace;InPerson;;da;Huset;Testvej 1;8000;Aarhus C;Mandag;abc;;Vært;+4561000000");

        var danish = await Errors(await Import(coordinator, csv, acceptLanguage: null));
        var english = await Errors(await Import(coordinator, csv, acceptLanguage: "en"));

        danish.Should().Contain(e => e.Field == "strategy" && e.Message.StartsWith("\"Knitting\" er ikke en af SocialNetwork", StringComparison.Ordinal));
        danish.Should().Contain(("schedule", "\"Mandag\" er ikke et mødetidspunkt; skriv det som \"mandag 10:00-12:00\", og adskil flere med |."));
        danish.Should().Contain(("cost", "Skriv prisen i hele kroner, 0 hvis det er gratis."));
        danish.Should().Contain(("contactName", "Angiv kontaktpersonen, der tager imod nye."));
        danish.Should().Contain(("externalId", "Denne externalId står allerede på linje 2: hvert tilbud må kun stå én gang i en fil."));
        english.Should().Contain(("cost", "Give the cost in whole kroner, 0 for free."));
        english.Should().Contain(("externalId", "This externalId is already on line 2: each offer appears once in a file."));
    }

    [DatabaseFact]
    public async Task The_printed_list_dates_itself_the_Danish_way()
    {
        var today = DanishTime.Today(factory.Clock);

        var html = await (await (await factory.ClientFor("homecare.aarhus")).GetAsync("/api/offers/print")).Content.ReadAsStringAsync();

        html.Should().Contain($"Listen er lavet {Dates.Written(today, Language.Danish)}.");
        Dates.Written(new DateOnly(2026, 11, 26), Language.Danish).Should().Be("26. november 2026");
    }

    private static async Task<JsonElement> NotificationFor(HttpClient guide, Guid followUp, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/notifications");
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        var all = await (await guide.SendAsync(request)).Json();
        return all.EnumerateArray().Single(n => n.GetProperty("followUpId").ValueKind == JsonValueKind.String && n.GetProperty("followUpId").GetGuid() == followUp);
    }

    private static async Task<HttpResponseMessage> Import(HttpClient client, string csv, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/offers/import") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        if (acceptLanguage is not null)
        {
            request.Headers.Add("Accept-Language", acceptLanguage);
        }

        return await client.SendAsync(request);
    }

    private static async Task<List<(string? Field, string Message)>> Errors(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Json()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString(), e.GetProperty("message").GetString()!)).ToList();
    }
}
