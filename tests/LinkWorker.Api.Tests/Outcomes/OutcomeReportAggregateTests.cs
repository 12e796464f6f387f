using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Outcomes;

public sealed class OutcomeReportAggregateTests_Sqlite(SqliteApiFactory factory) : OutcomeReportAggregateTests<SqliteApiFactory>(factory);

public sealed class OutcomeReportAggregateTests_Postgres(PostgresApiFactory factory) : OutcomeReportAggregateTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The parts of the report that the database counts: age bands kept on the referral next to ones computed for
/// referrals received before they were kept, life arenas grouped by their stored list, and a case with two
/// consents counted once. A data set in May 2025 in its own database; the comments say how the figures come about.
/// </summary>
public abstract class OutcomeReportAggregateTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LinkWorkerApiFactory
{
    private const string Period = "from=2025-05-01&to=2025-06-01";

    public async Task InitializeAsync()
    {
        if (await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().AnyAsync(c => c.OpenedAt < new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            return;
        }

        await factory.WithDatabase(async db =>
        {
            var organisations = await db.Organisations.IgnoreQueryFilters().Where(o => o.MunicipalityCode == "0751").ToDictionaryAsync(o => o.Name, o => o);

            Citizen Person(DateOnly? born) => new(Guid.NewGuid(), "0751", new CitizenDetails(
                "Aggregateperson", null, born, null, null, new Address("Vej 2", "8000", null), "da", false));
            ReferralSubmission Submission(string organisation, LifeArena[] arenas, LifeTransition[] transitions, DateTimeOffset at) => new(
                Guid.NewGuid(), organisations[organisation].Id, organisations[organisation].Sector, "Free text", arenas, transitions, null,
                PracticalNeeds.None, Urgency.Normal, new ReferralConsent("Dr", ConsentMethod.Verbal, at));
            void Consent(Case c, params ConsentScope[] scopes) => db.Add(new Consent(
                Guid.NewGuid(), "0751", c.Id, scopes, ConsentMethod.Written, "Guide", c.OpenedAt.AddDays(1), null, Guid.NewGuid(), c.OpenedAt.AddDays(1)));

            // K1: 16 on the Danish day of the referral (00:30 on 10 May), band kept: 16–29; a second referral on 20 May.
            var young = Person(new DateOnly(2009, 5, 10));
            var k1At = new DateTimeOffset(2025, 5, 9, 22, 30, 0, TimeSpan.Zero);
            var (k1, k1First) = Case.OpenFromReferral("0751", young, Submission(
                "Lægerne i Trøjborg", [LifeArena.LeisureAndCommunities, LifeArena.HomeAndHousing], [LifeTransition.StartingStudies], k1At), k1At);
            var k1Second = k1.Receive(Submission("Jobcenter Aarhus", [LifeArena.LeisureAndCommunities], [], k1At.AddDays(10)), k1At.AddDays(10), young);

            // K1 has two consents that both cover MeasureOutcomes: one case.
            Consent(k1, ConsentScope.ContactCitizen, ConsentScope.MeasureOutcomes);
            Consent(k1, ConsentScope.MeasureOutcomes, ConsentScope.CheckInMessages);

            // K2: no date of birth, band kept: unknown.
            var unknown = Person(null);
            var k2At = new DateTimeOffset(2025, 5, 12, 10, 0, 0, TimeSpan.Zero);
            var (k2, k2Referral) = Case.OpenFromReferral("0751", unknown, Submission(
                "Lægerne i Trøjborg", [LifeArena.HealthAndCare], [LifeTransition.Retirement, LifeTransition.Bereavement], k2At), k2At);
            Consent(k2, ConsentScope.MeasureOutcomes);

            // K3: received without the citizen at hand (as before bands were kept): 35 years, computed as 30–44.
            var older = Person(new DateOnly(1990, 1, 1));
            var k3At = new DateTimeOffset(2025, 5, 14, 10, 0, 0, TimeSpan.Zero);
            var (k3, k3Referral) = Case.OpenFromReferral("0751", older.Id, Submission(
                "Hjemmeplejen Aarhus Vest", [LifeArena.LeisureAndCommunities], [], k3At), k3At);

            db.AddRange(young, unknown, older, k1, k2, k3, k1First, k1Second, k2Referral, k3Referral);
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseFact]
    public async Task Counted_figures_equal_the_hand_computed_ones()
    {
        var report = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{Period}");

        report.GetProperty("referrals").GetInt32().Should().Be(4);
        report.GetProperty("cases").GetInt32().Should().Be(3);
        Rows(report, "referralsBySector").Should().Equal(("GeneralPractice", 2), ("HomeCare", 1), ("JobCentre", 1));
        Rows(report, "referralsByOrganisation").Should().Equal(("Lægerne i Trøjborg", 2), ("Hjemmeplejen Aarhus Vest", 1), ("Jobcenter Aarhus", 1));

        // Leisure: K1 twice and K3; home: K1's first; health: K2.
        Rows(report, "referralsByLifeArena").Should().Equal(("LeisureAndCommunities", 3), ("HealthAndCare", 1), ("HomeAndHousing", 1));
        Rows(report, "referralsByLifeTransition").Should().Equal(("Bereavement", 1), ("Retirement", 1), ("StartingStudies", 1));

        // Kept: K1's two referrals 16–29, K2 unknown; computed: K3 30–44.
        Rows(report, "referralsByAgeBand").Should().Equal(("16–29", 2), ("30–44", 1), ("unknown", 1));

        // Of 3 cases: MeasureOutcomes K1 (two consents, once) and K2 → 2/3; ContactCitizen and CheckInMessages K1 → 1/3.
        var rates = report.GetProperty("consentRates").EnumerateArray().ToDictionary(
            r => r.GetProperty("scope").GetString()!, r => (Cases: r.GetProperty("cases").GetInt32(), Rate: r.GetProperty("rate").GetDouble()));
        rates["MeasureOutcomes"].Should().Be((2, 0.667));
        rates["ContactCitizen"].Should().Be((1, 0.333));
        rates["CheckInMessages"].Should().Be((1, 0.333));
        rates["StoreConversationNotes"].Should().Be((0, 0));
    }

    [DatabaseFact]
    public async Task A_submitted_referral_keeps_the_citizens_age_band()
    {
        var response = await (await factory.ClientFor("gp.aarhus")).Submit(ReferralBodies.Valid(cpr: "0101501234"));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var referralId = (await response.Json()).GetProperty("referralId").GetGuid();

        var band = await factory.WithDatabase(db => db.Referrals.IgnoreQueryFilters().Where(r => r.Id == referralId).Select(r => r.AgeBand).SingleAsync());

        band.Should().Be("75+", "born 1 January 1950, referred in 2026 or later");
    }

    private static IEnumerable<(string, int)> Rows(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateArray().Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("count").GetInt32()));
}
