using System.Net.Http.Json;
using System.Text.Json;
using LinkWorker.Api.Tests.Support;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Cases;
using LinkWorker.Domain.Citizens;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using Microsoft.EntityFrameworkCore;

namespace LinkWorker.Api.Tests.Outcomes;

public sealed class OutcomeReportEdgeTests_Sqlite(SqliteApiFactory factory) : OutcomeReportEdgeTests<SqliteApiFactory>(factory);

public sealed class OutcomeReportEdgeTests_Postgres(PostgresApiFactory factory) : OutcomeReportEdgeTests<PostgresApiFactory>(factory), IUsesPostgres;

/// <summary>
/// The edges of the figures the database counts (ADR 0037): months and the period by Danish dates around midnight
/// and the change to summer time, an uncontacted case, a median between two whole days, T-ILS scores taken at the
/// same instant, a baseline alone, and later scores that are not after the baseline. March and April 2024, before
/// any other data; the comments say how each figure comes about.
/// </summary>
public abstract class OutcomeReportEdgeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>, IAsyncLifetime
    where TFactory : LinkWorkerApiFactory
{
    private const string Period = "from=2024-03-01&to=2024-05-01";

    public async Task InitializeAsync()
    {
        if (await factory.WithDatabase(db => db.Cases.IgnoreQueryFilters().AnyAsync(c => c.OpenedAt < new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero))))
        {
            return;
        }

        await factory.WithDatabase(async db =>
        {
            var organisation = await db.Organisations.IgnoreQueryFilters().FirstAsync(o => o.MunicipalityCode == "0751");
            var guide = await db.Guides.IgnoreQueryFilters().Where(g => g.MunicipalityCode == "0751").Select(g => g.Id).FirstAsync();

            Case Add(DateTimeOffset opened)
            {
                var citizen = new Citizen(Guid.NewGuid(), "0751", new CitizenDetails(
                    "Edgeperson", null, new DateOnly(1960, 1, 1), null, null, new Address("Vej 3", "8000", null), "da", false));
                var (@case, referral) = Case.OpenFromReferral("0751", citizen.Id, new ReferralSubmission(
                    Guid.NewGuid(), organisation.Id, organisation.Sector, "Free text", [LifeArena.LeisureAndCommunities], [], null, PracticalNeeds.None,
                    Urgency.Normal, new ReferralConsent("Dr", ConsentMethod.Verbal, opened)), opened);
                @case.AssignTo(guide, opened);
                db.AddRange(citizen, @case, referral);
                return @case;
            }

            void Contacted(Case c, double afterDays) => c.RecordContactAttempt(true, c.OpenedAt.AddDays(afterDays), c.OpenedAt.AddDays(afterDays));
            void Tils(Case c, MeasurementPoint point, double daysAfter, int a, int b, int d) => db.Add(new TilsMeasurement(
                Guid.NewGuid(), "0751", c.Id, point, c.OpenedAt.AddDays(daysAfter), a, b, d, TilsCutoffs.Standard, Guid.NewGuid()));

            var april = DanishTime.StartOf(new DateOnly(2024, 4, 1));

            // E1: 00:30 on 1 March in Denmark (23:30 UTC on 29 February): March. Contacted after 1.5 days. Two
            // baselines at the same instant, 4 (not lonely) and 9 (severe): the first by total, 4. Two later scores
            // at the same instant, a follow-up of 9 and a closure of 3: the first by point, the closure. Change −1.
            var e1 = Add(DanishTime.StartOf(new DateOnly(2024, 3, 1)).AddMinutes(30));
            Contacted(e1, 1.5);
            Tils(e1, MeasurementPoint.Baseline, 1, 3, 3, 3);
            Tils(e1, MeasurementPoint.Baseline, 1, 1, 1, 2);
            Tils(e1, MeasurementPoint.FollowUp, 60, 3, 3, 3);
            Tils(e1, MeasurementPoint.Closure, 60, 1, 1, 1);

            // E2: 23:30 on 31 March in Denmark (summer time since 02:00 that day: 21:30 UTC): March. Never
            // contacted. A baseline alone: 8 (severe).
            var e2 = Add(april.AddMinutes(-30));
            Tils(e2, MeasurementPoint.Baseline, 2, 3, 3, 2);

            // E3: 00:30 on 1 April in Denmark (22:30 UTC on 31 March): April. Contacted after 3.3 days. Baseline 5
            // (moderate) on day 1; a follow-up at the same instant and one before it: no later score.
            var e3 = Add(april.AddMinutes(30));
            Contacted(e3, 3.3);
            Tils(e3, MeasurementPoint.Baseline, 1, 2, 2, 1);
            Tils(e3, MeasurementPoint.FollowUp, 1, 3, 3, 3);
            Tils(e3, MeasurementPoint.FollowUp, 0.5, 3, 3, 3);

            // E4, E5: April, contacted after 10 and 2.5 days.
            Contacted(Add(new DateTimeOffset(2024, 4, 15, 10, 0, 0, TimeSpan.Zero)), 10);
            Contacted(Add(new DateTimeOffset(2024, 4, 20, 10, 0, 0, TimeSpan.Zero)), 2.5);

            // E6: 00:30 on 1 May in Denmark (22:30 UTC on 30 April): after the period, in none of its figures.
            var e6 = Add(DanishTime.StartOf(new DateOnly(2024, 5, 1)).AddMinutes(30));
            Contacted(e6, 0.5);
            Tils(e6, MeasurementPoint.Baseline, 1, 3, 3, 3);
            Tils(e6, MeasurementPoint.FollowUp, 30, 1, 1, 1);
            return await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [DatabaseFact]
    public async Task Months_and_the_period_follow_Danish_dates()
    {
        var report = await Report(Period);

        report.GetProperty("cases").GetInt32().Should().Be(5);
        Rows(report, "casesByMonth").Should().Equal(("2024-03", 2), ("2024-04", 3));
        (await Report("from=2024-04-01&to=2024-04-02")).GetProperty("cases").GetInt32().Should().Be(1, "only E3 began on 1 April in Denmark");
        (await Report("from=2024-03-31&to=2024-04-01")).GetProperty("cases").GetInt32().Should().Be(1, "only E2 began on 31 March in Denmark");
    }

    [DatabaseFact]
    public async Task Days_to_first_contact_leave_out_uncontacted_cases_and_take_the_median_between_two_days()
    {
        var contact = (await Report(Period)).GetProperty("daysToFirstContact");

        // 1.5, 2.5, 3.3, 10 (E2 never contacted): median (2.5 + 3.3) / 2 = 2.9, from two different whole days;
        // 90th percentile by nearest rank: ceil(0.9 × 4) = 4th value = 10.
        contact.GetProperty("casesContacted").GetInt32().Should().Be(4);
        contact.GetProperty("median").GetDouble().Should().Be(2.9);
        contact.GetProperty("percentile90").GetDouble().Should().Be(10);
        contact.GetProperty("distribution").EnumerateArray().Select(d => (d.GetProperty("days").GetInt32(), d.GetProperty("cases").GetInt32()))
            .Should().Equal((1, 1), (2, 1), (3, 1), (10, 1));
    }

    [DatabaseFact]
    public async Task A_tie_in_time_takes_the_first_score_and_a_later_score_must_come_after_the_baseline()
    {
        var tils = (await Report(Period)).GetProperty("tils");

        // Baselines: E1 4 (the tie), E2 8, E3 5. Pairs: E1 only, 4 → 3. Had the tie gone to 9, E1 would be severe.
        tils.GetProperty("casesWithBaseline").GetInt32().Should().Be(3);
        Rows(tils, "baselineCategories").Should().Equal(("ModeratelyLonely", 1), ("NotLonely", 1), ("SeverelyLonely", 1));
        tils.GetProperty("casesWithBaselineAndLater").GetInt32().Should().Be(1);
        tils.GetProperty("meanChange").GetDouble().Should().Be(-1);
        tils.GetProperty("severeAtBaseline").GetInt32().Should().Be(0);
        tils.GetProperty("shareMovedOutOfSevere").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [DatabaseFact]
    public async Task A_period_without_cases_has_no_median_and_no_pairs()
    {
        var report = await Report("from=2024-01-01&to=2024-02-01");

        report.GetProperty("cases").GetInt32().Should().Be(0);
        Rows(report, "casesByMonth").Should().BeEmpty();
        report.GetProperty("daysToFirstContact").GetProperty("median").ValueKind.Should().Be(JsonValueKind.Null);
        report.GetProperty("tils").GetProperty("casesWithBaseline").GetInt32().Should().Be(0);
    }

    private async Task<JsonElement> Report(string period) =>
        await (await factory.ClientFor("coordinator.aarhus")).GetFromJsonAsync<JsonElement>($"/api/reports/outcomes?{period}");

    private static IEnumerable<(string, int)> Rows(JsonElement report, string name) =>
        report.GetProperty(name).EnumerateArray().Select(r => (r.GetProperty("key").GetString()!, r.GetProperty("count").GetInt32()));
}
