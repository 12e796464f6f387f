using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class DemoDirectoryTests_Sqlite(SqliteApiFactory factory) : DemoDirectoryTests<SqliteApiFactory>(factory);

public sealed class DemoDirectoryTests_Postgres(PostgresApiFactory factory) : DemoDirectoryTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>The demo: a guide finds offers for a case and records a match; the coordinator sees participation and the gaps.</summary>
public abstract class DemoDirectoryTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task In_the_demo_a_guide_matches_Karen_and_the_coordinator_sees_participation_and_gaps()
    {
        var guide = await factory.ClientFor("guide1.aarhus");
        var queue = await guide.GetAllItems("/api/queue");
        var karen = queue.EnumerateArray().Single(i => i.GetProperty("citizenName").GetString() == "Karen Jensen").GetProperty("caseId").GetGuid();

        // Karen (8200, bereaved, likes music, food and conversation) is already matched to the dining community in Trøjborg.
        var suggestions = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{karen}/offer-suggestions");
        DirectoryWorld.Names(suggestions).Should().NotContain("Spisefællesskab i Trøjborg").And.Contain("Seniorsang i Højbjerg");
        var singing = suggestions.EnumerateArray().Single(s => s.GetProperty("offer").GetProperty("name").GetString() == "Seniorsang i Højbjerg");
        DirectoryWorld.Reasons(suggestions, "Seniorsang i Højbjerg").Should().Contain("shares interests: music");

        var match = await guide.PostAsJsonAsync($"/api/cases/{karen}/matches", new { offerId = singing.GetProperty("offer").GetProperty("id").GetGuid() });
        match.StatusCode.Should().Be(HttpStatusCode.Created, await match.Content.ReadAsStringAsync());
        var participations = (await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{karen}/outcomes")).GetProperty("participations");
        participations.EnumerateArray().Select(p => p.GetProperty("offerName").GetString()).Should().Contain(["Spisefællesskab i Trøjborg", "Seniorsang i Højbjerg"]);

        var today = DanishTime.Today(factory.Clock);
        var period = string.Create(CultureInfo.InvariantCulture, $"from={today.AddDays(-30):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}");
        var report = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{period}");
        // Karen's two matches are Suggested; they count among the municipality's matches for the period.
        var byStatus = report.GetProperty("community").GetProperty("matchesByStatus").EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("count").GetInt32());
        byStatus.GetValueOrDefault("Suggested").Should().BeGreaterThanOrEqualTo(2);

        // Odsherred's demo leaves the Hørve area without a local offer: Poul Nielsen (4534) is a gap.
        var gaps = await (await factory.ClientFor("coordinator.odsherred")).GetFromJsonAsync<JsonElement>($"/api/reports/directory-gaps?{period}");
        gaps.GetProperty("districtsWithoutLocalOffers").EnumerateArray().Select(d => d.GetString()).Should().Equal("Hørve, Fårevejle og Svinninge");
        gaps.GetProperty("groups").EnumerateArray()
            .Single(g => g.GetProperty("district").GetString() == "Hørve, Fårevejle og Svinninge").GetProperty("gap").GetBoolean().Should().BeTrue();
    }
}
