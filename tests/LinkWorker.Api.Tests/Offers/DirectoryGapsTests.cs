using System.Globalization;
using System.Net;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class DirectoryGapsTests_Sqlite(SqliteApiFactory factory) : DirectoryGapsTests<SqliteApiFactory>(factory);

public sealed class DirectoryGapsTests_Postgres(PostgresApiFactory factory) : DirectoryGapsTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>The gaps report over the fixed directory of <see cref="DirectoryWorld"/>, with the expected rows worked out by hand.</summary>
public abstract class DirectoryGapsTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task Referrals_without_a_local_offer_for_their_age_and_language_are_gaps()
    {
        var world = await DirectoryWorld.Build(factory);
        await world.Refer("9901", "0103501234", "ar", interpreter: true); // Nordby, 75+, Arabic
        await world.Refer("9901", "0101901234");                           // Nordby, 30–44, Danish
        await world.Refer("9902", "0201901234", "so");                     // Sydby, 30–44, Somali
        await world.Refer("9902", "0101911234", "so");                     // Sydby, 30–44, Somali
        await world.Refer("9903", "0203501234");                           // outside every district, 75+, Danish
        await world.Refer("9904", "0106991234");                           // Østby, 16–29, Danish

        var today = DanishTime.Today(factory.Clock);
        var period = string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}");
        var response = await world.Coordinator.GetAsync($"/api/reports/directory-gaps?{period}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var report = await response.Json();

        report.GetProperty("referrals").GetInt32().Should().Be(6);
        report.GetProperty("referralsInGaps").GetInt32().Should().Be(4);
        report.GetProperty("districtsWithoutLocalOffers").EnumerateArray().Select(d => d.GetString()).Should().Equal("Østby");

        // Local offers meet in person in the group's district, admit its ages and speak its language; remote ones meet online or by phone.
        // Nordby 75+ ar: the café (Arabic, no age limit). Nordby 30–44 da: Strikkecafé and the café; remote: Online bogklub (Telefonven is 60+).
        // Sydby 30–44 so: nothing speaks Somali. Outside 75+ da: remote Telefonven and Online bogklub. Østby 16–29 da: remote Online bogklub.
        Rows(report).Should().Equal(
            "Sydby|30–44|so|2|0|0|True",
            "(outside the districts)|75+|da|1|0|2|True",
            "Østby|16–29|da|1|0|1|True",
            "Nordby|30–44|da|1|2|1|False",
            "Nordby|75+|ar|1|1|0|False");

        var guide = await factory.ClientFor(world.GuideUserName);
        (await guide.GetAsync($"/api/reports/directory-gaps?{period}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var aarhus = await (await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/reports/directory-gaps?{period}")).Json();
        aarhus.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("district").GetString()).Should().NotContain(["Nordby", "Sydby", "Østby"]);
    }

    [DatabaseFact]
    public async Task The_gaps_report_needs_a_period()
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync("/api/reports/directory-gaps");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Json()).GetProperty("errors");
        errors.TryGetProperty("from", out _).Should().BeTrue();
        errors.TryGetProperty("to", out _).Should().BeTrue();
    }

    private static List<string> Rows(JsonElement report) =>
        report.GetProperty("groups").EnumerateArray().Select(g => string.Join('|',
            g.GetProperty("district").GetString(), g.GetProperty("ageBand").GetString(), g.GetProperty("language").GetString(),
            g.GetProperty("referrals").GetInt32(), g.GetProperty("localOffers").GetInt32(), g.GetProperty("remoteOffers").GetInt32(),
            g.GetProperty("gap").GetBoolean())).ToList();
}
