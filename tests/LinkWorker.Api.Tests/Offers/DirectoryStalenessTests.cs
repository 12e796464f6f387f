using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Testing;

namespace LinkWorker.Api.Tests.Offers;

public sealed class DirectoryStalenessTests_Sqlite(SqliteApiFactory factory) : DirectoryStalenessTests<SqliteApiFactory>(factory);

public sealed class DirectoryStalenessTests_Postgres(PostgresApiFactory factory) : DirectoryStalenessTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>Offers go stale by the application's clock; verifying one, or a longer limit, makes it current again.</summary>
public abstract class DirectoryStalenessTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : LinkWorkerApiFactory
{
    [DatabaseFact]
    public async Task An_offer_not_verified_within_the_limit_is_flagged_until_someone_verifies_it()
    {
        var world = await DirectoryWorld.Build(factory);
        var strik = world.Offers["Strik"];
        (await Stale(world.Editor)).Should().BeEmpty();

        // The default limit is 12 months; 12 months and a day later every offer of the world is stale.
        factory.MoveClock(TimeSpan.FromDays(367));
        var editor = await factory.ClientFor(world.EditorUserName);
        (await Stale(editor)).Should().BeEquivalentTo(world.Offers.Values);
        var search = await (await editor.GetAsync("/api/offers/search?q=Strikkecaf%C3%A9")).Json();
        DirectoryWorld.Reasons(search, "Strikkecafé").Should().ContainSingle(r => r.StartsWith("not verified since ", StringComparison.Ordinal));

        var verified = await (await editor.PostAsync($"/api/offers/{strik}/verify", null)).Json();
        verified.GetProperty("isStale").GetBoolean().Should().BeFalse();
        verified.GetProperty("verifiedBy").GetString().Should().Be("Test user");
        verified.GetProperty("lastVerifiedAt").GetDateTimeOffset().Should().BeCloseTo(factory.Clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        (await Stale(editor)).Should().NotContain(strik).And.HaveCount(world.Offers.Count - 1);

        // The printed list keeps only the verified offer: a citizen with the paper in hand cannot check it first.
        var print = await editor.GetStringAsync("/api/offers/print");
        print.Should().Contain("Strikkecafé").And.NotContain("Mandeværksted").And.NotContain("Telefonven");
        print.Should().Contain("Listen viser kun tilbud, der er bekræftet inden for 12 måneder.");

        // A municipality that checks every other year.
        var coordinator = await factory.ClientFor(world.CoordinatorUserName);
        (await coordinator.PutAsJsonAsync("/api/municipality/settings", new { offerStaleAfterMonths = 24 })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Stale(editor)).Should().BeEmpty();
        (await editor.GetStringAsync("/api/offers/print")).Should().Contain("Mandeværksted", "with a 24-month limit it is current again");
        var bad = await coordinator.PutAsJsonAsync("/api/municipality/settings", new { offerStaleAfterMonths = 0 });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Json()).GetProperty("errors").TryGetProperty("offerStaleAfterMonths", out _).Should().BeTrue();
    }

    private static async Task<List<Guid>> Stale(HttpClient client)
    {
        var offers = await (await client.GetAsync("/api/offers?stale=true")).Json();
        return offers.EnumerateArray().Select(o => o.GetProperty("id").GetGuid()).ToList();
    }
}
