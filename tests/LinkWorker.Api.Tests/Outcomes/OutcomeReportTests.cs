using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Outcomes;

public sealed class OutcomeReportTests_Sqlite(SqliteApiFactory factory) : OutcomeReportTests<SqliteApiFactory>(factory);

public sealed class OutcomeReportTests_Postgres(PostgresApiFactory factory) : OutcomeReportTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// A fixed data set in March 2025 (before any demo data) and the figures computed by hand. The comments say how.
/// </summary>
public abstract class OutcomeReportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LinkWorkerApiFactory
{
    private const string Period = "from=2025-03-01&to=2025-04-01";

    public async Task InitializeAsync()
    {
        if (await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().AnyAsync(c => c.OpenedAt < new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            return;
        }

        await factory.WithDatabase(async db =>
        {
            var organisations = await db.Organisations.IgnoreQueryFilters().ToDictionaryAsync(o => o.Name, o => o);
            var guide = await db.Guides.IgnoreQueryFilters().Where(g => g.MunicipalityCode == "0751").Select(g => g.Id).FirstAsync();
            var odsherredGuide = await db.Guides.IgnoreQueryFilters().Where(g => g.MunicipalityCode == "0306").Select(g => g.Id).FirstAsync();

            Case Add(string municipality, string organisation, DateTimeOffset opened, DateOnly born, LifeArena[] arenas, LifeTransition[] transitions)
            {
                var citizen = new Citizen(Guid.NewGuid(), municipality, new CitizenDetails(
                    $"Reportperson {opened:MMdd}", null, born, "+4599887766", "report.person@example.dk", new Address("Vej 1", "8000", null), "da", false));
                var org = organisations[organisation];
                var (@case, referral) = Case.OpenFromReferral(municipality, citizen.Id, new ReferralSubmission(
                    Guid.NewGuid(), org.Id, org.Sector, "Secret free text about the person", arenas, transitions, null, PracticalNeeds.None,
                    Urgency.Normal, new ReferralConsent("Dr", ConsentMethod.Verbal, opened)), opened);
                @case.AssignTo(municipality == "0751" ? guide : odsherredGuide, opened);
                db.AddRange(citizen, @case, referral);
                return @case;
            }

            void Contacted(Case c, double afterDays) => c.RecordContactAttempt(true, c.OpenedAt.AddDays(afterDays), c.OpenedAt.AddDays(afterDays));
            void Consents(Case c, params ConsentScope[] scopes) => db.Add(new Consent(
                Guid.NewGuid(), c.MunicipalityCode, c.Id, scopes, ConsentMethod.Written, "Guide", c.OpenedAt.AddDays(1), null, Guid.NewGuid(), c.OpenedAt.AddDays(1)));
            void Tils(Case c, MeasurementPoint point, int daysAfter, int a, int b, int d) => db.Add(new TilsMeasurement(
                Guid.NewGuid(), c.MunicipalityCode, c.Id, point, c.OpenedAt.AddDays(daysAfter), a, b, d, TilsCutoffs.Standard, Guid.NewGuid()));
            void Attending(Case c, bool? still)
            {
                var p = new CommunityParticipation(Guid.NewGuid(), c.MunicipalityCode, c.Id, "Mandehuset Viby", DateOnly.FromDateTime(c.OpenedAt.UtcDateTime.AddDays(7)));
                p.Record(null, still, null, null);
                db.Add(p);
            }

            var at = (int day, int hour) => new DateTimeOffset(2025, 3, day, hour, 0, 0, TimeSpan.Zero);

            // C1: GP, 74 years, contacted after 2 days; TILS 9 (severe) → 6 (moderate); still attending; closed in community.
            var c1 = Add("0751", "Lægerne i Trøjborg", at(3, 9), new DateOnly(1950, 5, 1), [LifeArena.LeisureAndCommunities], [LifeTransition.Retirement]);
            Contacted(c1, 2);
            Consents(c1, ConsentScope.StoreConversationNotes, ConsentScope.MeasureOutcomes);
            Tils(c1, MeasurementPoint.Baseline, 2, 3, 3, 3);
            Tils(c1, MeasurementPoint.FollowUp, 60, 2, 2, 2);
            Attending(c1, true);
            c1.Close(ClosureReason.InCommunity, at(20, 12));

            // C2: job centre, 27 years, contacted after 4 days; TILS 8 (severe) → 9 (severe); no longer attending.
            var c2 = Add("0751", "Jobcenter Aarhus", at(10, 9), new DateOnly(1998, 1, 1),
                [LifeArena.WorkingLifeAndEmployment, LifeArena.LeisureAndCommunities], [LifeTransition.Unemployment]);
            Contacted(c2, 4);
            Consents(c2, ConsentScope.MeasureOutcomes);
            Tils(c2, MeasurementPoint.Baseline, 4, 3, 3, 2);
            Tils(c2, MeasurementPoint.FollowUp, 45, 3, 3, 3);
            Attending(c2, false);

            // C3: home care, 85 years, contacted after 10 days; baseline only (5, moderate); never asked at 3 months; declined.
            var c3 = Add("0751", "Hjemmeplejen Aarhus Vest", at(15, 9), new DateOnly(1940, 1, 1),
                [LifeArena.HealthAndCare], [LifeTransition.HospitalDischarge, LifeTransition.Bereavement]);
            Contacted(c3, 10);
            Tils(c3, MeasurementPoint.Baseline, 10, 2, 2, 1);
            Attending(c3, null);
            c3.Close(ClosureReason.Declined, at(28, 12));

            // C4: GP, 54 years, not contacted yet; TILS 4 (not lonely) → 3 at closure measurement.
            var c4 = Add("0751", "Lægerne i Trøjborg", at(20, 9), new DateOnly(1970, 6, 1), [LifeArena.LeisureAndCommunities], []);
            Consents(c4, ConsentScope.ShareStatusWithReferrer, ConsentScope.StoreConversationNotes);
            Tils(c4, MeasurementPoint.Baseline, 1, 1, 2, 1);
            Tils(c4, MeasurementPoint.Closure, 9, 1, 1, 1);

            // C5: referred in February (outside the period) but closed in March: counts only among closure reasons.
            var c5 = Add("0751", "Lægerne i Trøjborg", new DateTimeOffset(2025, 2, 27, 9, 0, 0, TimeSpan.Zero), new DateOnly(1960, 1, 1), [LifeArena.HomeAndHousing], []);
            Consents(c5, ConsentScope.MeasureOutcomes);
            c5.Close(ClosureReason.Unreachable, at(5, 12));

            // C6: Odsherred, in the period: never in Aarhus's figures.
            Add("0306", "Lægehuset Nykøbing Sjælland", at(12, 9), new DateOnly(1955, 1, 1), [LifeArena.HomeAndHousing], [LifeTransition.Moving]);
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseFact]
    public async Task The_report_equals_the_hand_computed_figures()
    {
        var report = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{Period}");

        report.GetProperty("referrals").GetInt32().Should().Be(4);
        report.GetProperty("cases").GetInt32().Should().Be(4);
        Rows(report, "referralsBySector").Should().Equal(("GeneralPractice", 2), ("HomeCare", 1), ("JobCentre", 1));
        Rows(report, "referralsByOrganisation").Should().Equal(("Lægerne i Trøjborg", 2), ("Hjemmeplejen Aarhus Vest", 1), ("Jobcenter Aarhus", 1));
        Rows(report, "referralsByLifeArena").Should().Equal(("LeisureAndCommunities", 3), ("HealthAndCare", 1), ("WorkingLifeAndEmployment", 1));
        Rows(report, "referralsByLifeTransition").Should().Equal(("Bereavement", 1), ("HospitalDischarge", 1), ("Retirement", 1), ("Unemployment", 1));
        Rows(report, "referralsByAgeBand").Should().Equal(("16–29", 1), ("45–59", 1), ("60–74", 1), ("75+", 1));

        // Days to first contact 2, 4, 10: median 4; 90th percentile by nearest rank: ceil(0.9 × 3) = 3rd value = 10.
        var contact = report.GetProperty("daysToFirstContact");
        contact.GetProperty("casesContacted").GetInt32().Should().Be(3);
        contact.GetProperty("median").GetDouble().Should().Be(4);
        contact.GetProperty("percentile90").GetDouble().Should().Be(10);

        // Of 4 cases: notes C1, C4 → 0.5; outcomes C1, C2 → 0.5 (C5 is outside the period); status C4 → 0.25.
        var rates = report.GetProperty("consentRates").EnumerateArray().ToDictionary(r => r.GetProperty("scope").GetString()!, r => r.GetProperty("rate").GetDouble());
        rates["StoreConversationNotes"].Should().Be(0.5);
        rates["MeasureOutcomes"].Should().Be(0.5);
        rates["ShareStatusWithReferrer"].Should().Be(0.25);
        rates["ContactCitizen"].Should().Be(0);

        Rows(report, "closureReasons").Should().Equal(("Declined", 1), ("InCommunity", 1), ("Unreachable", 1));

        // Changes: C1 9→6 = −3, C2 8→9 = +1, C4 4→3 = −1; mean −1. Severe at baseline: C1, C2; out of severe: C1 → 0.5.
        var tils = report.GetProperty("tils");
        tils.GetProperty("casesWithBaselineAndLater").GetInt32().Should().Be(3);
        tils.GetProperty("meanChange").GetDouble().Should().Be(-1);
        tils.GetProperty("severeAtBaseline").GetInt32().Should().Be(2);
        tils.GetProperty("movedOutOfSevere").GetInt32().Should().Be(1);
        tils.GetProperty("shareMovedOutOfSevere").GetDouble().Should().Be(0.5);
        Rows(tils, "baselineCategories").Should().Equal(("SeverelyLonely", 2), ("ModeratelyLonely", 1), ("NotLonely", 1));

        // Asked at three months: C1 (yes), C2 (no) → 1 of 2.
        var community = report.GetProperty("community");
        // C1 is still attending at three months (Attending); C2 (no longer) and C3 (not asked) never recorded going along.
        community.GetProperty("matches").GetInt32().Should().Be(3);
        Rows(community, "matchesByStatus").Should().Equal(("Suggested", 2), ("Attending", 1));
        community.GetProperty("askedAtThreeMonths").GetInt32().Should().Be(2);
        community.GetProperty("stillAttending").GetInt32().Should().Be(1);
        community.GetProperty("shareStillAttending").GetDouble().Should().Be(0.5);
    }

    [DatabaseFact]
    public async Task Each_municipality_sees_only_its_own_figures_and_guides_none()
    {
        var odsherred = await (await factory.ClientFor("coordinator.odsherred")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{Period}");

        odsherred.GetProperty("cases").GetInt32().Should().Be(1);
        odsherred.GetProperty("municipality").GetString().Should().Be("0306");
        (await (await factory.ClientFor("guide1.aarhus")).GetAsync($"/api/reports/outcomes?{Period}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await factory.ClientFor("gp.aarhus")).GetAsync($"/api/reports/outcomes.csv?{Period}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task The_csv_holds_no_identifier_and_suppresses_small_cells()
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/reports/outcomes.csv?{Period}");
        var csv = await response.Content.ReadAsStringAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("municipality,period_from,period_to,section,category,count,value");
        lines.Should().Contain("0751,2025-03-01,2025-04-01,referrals,total,x,");
        lines.Should().Contain("0751,2025-03-01,2025-04-01,days_to_first_contact,median,x,", "a figure from fewer than 5 cases is suppressed too");
        foreach (var forbidden in new[] { "Reportperson", "+4599887766", "report.person@example.dk", "Secret free text", "Vej 1", "1950", "Guide", "Koordinator" })
        {
            csv.Should().NotContain(forbidden);
        }

        csv.Should().NotMatchRegex(@"\b\d{6}-?\d{4}\b", "no CPR-like numbers");
        csv.Should().NotMatchRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-", "no ids that lead back to a case");
    }

    [DatabaseFact]
    public async Task A_measurement_needs_the_outcome_consent_and_answers_from_1_to_3()
    {
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        var measurement = new { point = "Baseline", lackCompanionship = 3, feelLeftOut = 2, feelIsolated = 2 };

        var refused = await guide.PostAsJsonAsync($"/api/cases/{caseId}/outcomes", measurement);
        await guide.RecordConsent(caseId, ["MeasureOutcomes"]);
        var recorded = await guide.PostAsJsonAsync($"/api/cases/{caseId}/outcomes", measurement);
        var invalid = await guide.PostAsJsonAsync($"/api/cases/{caseId}/outcomes", new { point = "FollowUp", lackCompanionship = 3, feelLeftOut = 4, feelIsolated = 0 });

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Json()).GetProperty("missingScope").GetString().Should().Be("MeasureOutcomes");
        recorded.StatusCode.Should().Be(HttpStatusCode.Created);
        var view = await recorded.Json();
        view.GetProperty("total").GetInt32().Should().Be(7);
        view.GetProperty("category").GetString().Should().Be("SeverelyLonely");
        view.GetProperty("wordingVersion").GetString().Should().NotBeNullOrEmpty();
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await invalid.Json()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("feelLeftOut", "feelIsolated");
    }

    [DatabaseFact]
    public async Task A_demo_coordinator_sees_figures_for_the_demo_data_and_can_download_them()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var period = $"from={today.AddDays(-10):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}";

        var report = await coordinator.GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{period}");
        var csv = await coordinator.GetAsync($"/api/reports/outcomes.csv?{period}");

        report.GetProperty("referrals").GetInt32().Should().BeGreaterThanOrEqualTo(4, "the demo has four Aarhus referrals");
        Rows(report.GetProperty("tils"), "baselineCategories").Should().Contain(r => r.Item1 == "SeverelyLonely" && r.Item2 >= 1, "the demo's Karen Jensen scored 8 at baseline");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [DatabaseTheory]
    [InlineData("/api/reports/outcomes")]
    [InlineData("/api/reports/outcomes.csv?from=2025-04-01&to=2025-03-01")]
    public async Task A_report_needs_a_period_that_ends_after_it_starts(string path)
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Contain("to");
    }

    [DatabaseFact]
    public async Task The_municipalitys_cut_offs_decide_the_category()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);
        await guide.RecordConsent(caseId, ["MeasureOutcomes"]);
        (await coordinator.PutAsJsonAsync("/api/municipality/settings", new { tilsModerateFrom = 6, tilsSevereFrom = 8 })).StatusCode.Should().Be(HttpStatusCode.OK);
        try
        {
            var seven = await (await guide.PostAsJsonAsync($"/api/cases/{caseId}/outcomes", new { point = "Baseline", lackCompanionship = 3, feelLeftOut = 2, feelIsolated = 2 })).Json();

            seven.GetProperty("category").GetString().Should().Be("ModeratelyLonely", "7 is below the raised severe cut-off of 8");
            (await coordinator.PutAsJsonAsync("/api/municipality/settings", new { tilsModerateFrom = 7, tilsSevereFrom = 6 })).StatusCode
                .Should().Be(HttpStatusCode.BadRequest);
        }
        finally
        {
            await coordinator.PutAsJsonAsync("/api/municipality/settings", new { tilsModerateFrom = 5, tilsSevereFrom = 7 });
        }
    }

    private static IEnumerable<(string, int)> Rows(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateArray().Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("count").GetInt32()));
}
