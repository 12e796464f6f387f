using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Organisations;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Outcomes;

public sealed class OutcomeExportTests_Sqlite(SqliteApiFactory factory) : OutcomeExportTests<SqliteApiFactory>(factory);

public sealed class OutcomeExportTests_Postgres(PostgresApiFactory factory) : OutcomeExportTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The table in May 2024: 18 referrals, GeneralPractice 16, HomeCare 1, JobCentre 1, every citizen 24 years
/// old. T-ILS: 7 cases with a baseline (5 severely lonely at 9, 2 moderately at 5), 5 of them (the severe ones)
/// measured again: 2 fell to 6, 3 stayed at 9.
/// </summary>
public abstract class OutcomeExportTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LinkWorkerApiFactory
{
    private const string Period = "from=2024-05-01&to=2024-06-01";
    private const string Prefix = "0751,2024-05-01,2024-06-01,";

    public async Task InitializeAsync()
    {
        if (await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().AnyAsync(c => c.OpenedAt < new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            return;
        }

        await factory.WithDatabase(async db =>
        {
            var gp = await db.Organisations.IgnoreQueryFilters().SingleAsync(o => o.Name == "Lægerne i Trøjborg");
            var jobCentre = await db.Organisations.IgnoreQueryFilters().SingleAsync(o => o.Name == "Jobcenter Aarhus");
            var homeCare = new Organisation(Guid.NewGuid(), "0751", "Hjemmeplejen Åby", Sector.HomeCare);
            db.Add(homeCare);
            var guide = await db.Guides.IgnoreQueryFilters().Where(g => g.MunicipalityCode == "0751").Select(g => g.Id).FirstAsync();
            var cases = new List<Case>();
            for (var i = 0; i < 18; i++)
            {
                var org = i < 16 ? gp : i == 16 ? homeCare : jobCentre;
                var opened = new DateTimeOffset(2024, 5, 2 + i, 9, 0, 0, TimeSpan.Zero);
                var citizen = new Citizen(Guid.NewGuid(), "0751", new CitizenDetails(
                    $"Eksportperson {i}", null, new DateOnly(2000, 1, 1), null, null, new Address("Vej 2", "8000", null), "da", false));
                var (@case, referral) = Case.OpenFromReferral("0751", citizen.Id, new ReferralSubmission(
                    Guid.NewGuid(), org.Id, org.Sector, "Fri tekst", [LifeArena.LeisureAndCommunities], [], null, PracticalNeeds.None,
                    Urgency.Normal, new ReferralConsent("Dr", ConsentMethod.Verbal, opened)), opened);
                @case.AssignTo(guide, opened);
                db.AddRange(citizen, @case, referral);
                cases.Add(@case);
            }

            void Tils(Case c, MeasurementPoint point, int daysAfter, int a, int b, int d) => db.Add(new TilsMeasurement(
                Guid.NewGuid(), "0751", c.Id, point, c.OpenedAt.AddDays(daysAfter), a, b, d, TilsCutoffs.Standard, Guid.NewGuid()));
            for (var i = 0; i < 5; i++)
            {
                Tils(cases[i], MeasurementPoint.Baseline, 1, 3, 3, 3);
                Tils(cases[i], MeasurementPoint.FollowUp, 60, i < 2 ? 2 : 3, i < 2 ? 2 : 3, i < 2 ? 2 : 3);
            }

            Tils(cases[5], MeasurementPoint.Baseline, 1, 2, 2, 1);
            Tils(cases[6], MeasurementPoint.Baseline, 1, 2, 2, 1);
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseFact]
    public async Task No_hidden_cell_of_the_csv_can_be_recovered_by_subtraction()
    {
        var csv = await (await factory.ClientFor("coordinator.aarhus")).GetStringAsync($"/api/reports/outcomes.csv?{Period}");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().Contain(Prefix + "referrals,total,18,");
        // 18 − 16 would give HomeCare + JobCentre = 2, so 1 each: the 16 is hidden too.
        lines.Should().Contain([
            Prefix + "referrals_by_sector,GeneralPractice,x,",
            Prefix + "referrals_by_sector,HomeCare,x,",
            Prefix + "referrals_by_sector,JobCentre,x,",
            Prefix + "referrals_by_organisation,Lægerne i Trøjborg,x,",
            Prefix + "referrals_by_age_band,16–29,18,",
        ]);
        // 7 with a baseline: 5 severe and 2 moderate; the 2 alone would follow from 7 − 5.
        lines.Should().Contain([
            Prefix + "tils,cases_with_baseline,7,",
            Prefix + "tils_baseline_category,SeverelyLonely,x,",
            Prefix + "tils_baseline_category,ModeratelyLonely,x,",
        ]);
        // 2 of 5 moved out of severe: the share 0.4 would give the 2 back, so it is left empty.
        lines.Should().Contain([Prefix + "tils,moved_out_of_severe,x,", Prefix + "tils,severe_at_baseline,5,"]);
        csv.Should().NotContain("<5");
    }

    [DatabaseFact]
    public async Task Each_T_ILS_figure_names_its_population_and_its_size()
    {
        var report = await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{Period}");

        var tils = report.GetProperty("tils");
        tils.GetProperty("casesWithBaseline").GetInt32().Should().Be(7);
        tils.GetProperty("casesWithBaselineAndLater").GetInt32().Should().Be(5);
        var populations = tils.GetProperty("populations").EnumerateArray().ToDictionary(
            p => p.GetProperty("figure").GetString()!, p => (p.GetProperty("population").GetString(), p.GetProperty("cases").GetInt32()));
        populations["baselineCategories"].Should().Be(("cases_with_baseline", 7));
        populations["meanChange"].Should().Be(("cases_with_baseline_and_later", 5));
        populations["severeAtBaseline"].Should().Be(("cases_with_baseline_and_later", 5));
        populations["shareMovedOutOfSevere"].Should().Be(("severe_at_baseline", 5));
    }

    [DatabaseFact]
    public async Task The_Excel_download_opens_in_columns_with_Danish_letters_the_dash_and_decimal_commas_intact()
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"/api/reports/outcomes-excel.csv?{Period}");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("udfaldsrapport-2024-05-01-2024-06-01.csv");
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);

        // What Excel does with it: a BOM means UTF-8 (strict: a wrong byte throws), ";" is the Danish list separator.
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        var rows = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';')).ToList();
        rows[0].Should().Equal("kommune", "periode_fra", "periode_til", "afsnit", "kategori", "antal", "værdi");
        rows.Should().OnlyContain(r => r.Length == 7);
        rows.Should().Contain(r => r[4] == "16–29" && r[5] == "18");
        rows.Should().Contain(r => r[4] == "Hjemmeplejen Åby").And.Contain(r => r[4] == "Lægerne i Trøjborg");
        // Mean change (6 − 9 twice, 0 three times) / 5 = −1.2, written the Danish way.
        rows.Should().Contain(r => r[3] == "tils" && r[4] == "cases_with_baseline_and_later" && r[6] == "-1,2");
    }

    [DatabaseFact]
    public async Task A_referrals_consent_is_recorded_as_consent_to_contact_and_counts_in_the_report()
    {
        var coordinator = await factory.ClientFor("coordinator.aarhus");
        var today = DanishTime.Today(factory.Clock);
        var period = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}";
        var before = ContactCases(await coordinator.GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{period}"));

        var (caseId, _, guide, _) = await RoutingWorld.NewRoutedCase(factory);

        var consents = await guide.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/consents");
        consents.GetProperty("activeScopes").EnumerateArray().Select(s => s.GetString()).Should().Equal("ContactCitizen");
        var consent = consents.GetProperty("history").EnumerateArray().Should().ContainSingle().Which;
        consent.GetProperty("obtainedBy").GetString().Should().Be("Dr. Hansen");
        consent.GetProperty("method").GetString().Should().Be("Verbal");
        ContactCases(await coordinator.GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{period}")).Should().Be(before + 1);
    }

    [DatabaseTheory]
    [InlineData("/api/reports/outcomes")]
    [InlineData("/api/reports/outcomes.csv")]
    [InlineData("/api/reports/outcomes-excel.csv")]
    public async Task A_report_refuses_a_parameter_it_does_not_know_by_name(string path)
    {
        var response = await (await factory.ClientFor("coordinator.aarhus")).GetAsync($"{path}?{Period}&municipality=0306");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Json()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().Equal("municipality");
    }

    private static int ContactCases(JsonElement report) =>
        report.GetProperty("consentRates").EnumerateArray().Single(r => r.GetProperty("scope").GetString() == "ContactCitizen").GetProperty("cases").GetInt32();
}
