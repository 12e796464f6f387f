using System.Globalization;
using System.Text.RegularExpressions;
using LinkWorker.Application.Cases.AssignCase;
using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Application.Reports;
using LinkWorker.Application.Reports.ExportOutcomeReport;
using LinkWorker.Application.Reports.GetOutcomeReport;
using LinkWorker.Domain.Calendar;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Infrastructure.Identity;
using LinkWorker.Infrastructure.Seeding;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>
/// The coordinator's pages (issue 14) in a real browser: clearing triage, moving a guide's cases, reading the outcome
/// report as charts whose tables hold the report's figures (hidden as the CSV hides them), the CSV download, the
/// audit trail; a guide is refused; a coordinator never sees another municipality's case; axe and 390 px on each.
/// </summary>
[Collection(BrowserGroup.Name)]
public abstract partial class CoordinatorTests<TApp>(BrowserFixture browser, TApp app) : IClassFixture<TApp>
    where TApp : WebAppFactory
{
    private static readonly string[] CoordinatorPaths = ["/triage", "/guides", "/settings", "/outcomes"];

    [WebFact]
    public async Task A_coordinator_assigns_a_triaged_case_and_the_guide_sees_it_in_their_queue()
    {
        var (name, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        var guideName = DemoDataSeeder.Accounts.Single(a => a.UserName == "guide2.aarhus").DisplayName;

        var page = await browser.SignedIn(app, "coordinator.aarhus", "/triage");
        var row = page.Locator("#triage tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("chose triage");
        await row.GetByRole(AriaRole.Link).ClickAsync();

        // The suggestions say why each guide fits; the coordinator picks one and gives a reason in one step.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        var suggestion = page.Locator("#suggestions tbody tr", new() { HasText = guideName });
        await Assertions.Expect(suggestion).ToContainTextAsync("dækker distriktet");
        await suggestion.GetByLabel(guideName).CheckAsync();
        await page.GetByLabel("Begrundelse").FillAsync("Guiden kender området.");
        await page.Locator("#assign").ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sagen er givet til guiden");
        await Assertions.Expect(page.Locator("#triage tbody tr", new() { HasText = name })).ToHaveCountAsync(0);
        await page.Done();

        var guide = await browser.SignedIn(app, "guide2.aarhus", "/queue");
        await Assertions.Expect(guide.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await guide.Done();

        var view = await app.SendAs("coordinator.aarhus", new GetCaseQuery(caseId));
        view.AssignedGuide!.Name.Should().Be(guideName);
        view.Routing[^1].Reasons.Should().Contain("Guiden kender området.");
    }

    [WebFact]
    public async Task An_assignment_without_a_reason_is_refused_with_the_field_named()
    {
        var (_, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/triage/{caseId}");
        await page.Locator("#assign").ClickAsync();

        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Skriv en begrundelse");
        await Assertions.Expect(page.Locator("#f-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        (await app.SendAs("coordinator.aarhus", new GetCaseQuery(caseId))).AssignedGuide.Should().BeNull();
        await page.Done();
    }

    [WebFact]
    public async Task The_outcome_charts_tables_hold_the_report_figures_hidden_as_the_CSV_hides_them()
    {
        // Enough referrals from one sector today that some figures are shown and some hidden.
        for (var i = 0; i < 6; i++)
        {
            await Scenes.ACase(app, "guide1.aarhus", consent: i % 2 == 0);
        }

        var today = DanishTime.Today(app.Clock);
        var report = await app.SendAs("coordinator.aarhus", new GetOutcomeReportQuery(today, today.AddDays(1)));
        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/outcomes?from={Iso(today)}&last={Iso(today)}");

        (await TableOf(page, "chart-sector")).Should().Equal(Protected(report.Referrals, report.ReferralsBySector));
        (await TableOf(page, "chart-age")).Should().Equal(Protected(report.Referrals, report.ReferralsByAgeBand));
        (await TableOf(page, "chart-month")).Should().Equal(Protected(report.Cases, report.CasesByMonth));
        (await TableOf(page, "chart-arena")).Should().Equal(report.ReferralsByLifeArena.Select(r => (r.Key, Shown(r.Count))));
        (await TableOf(page, "chart-closure")).Should().Equal(report.ClosureReasons.Select(r => (r.Key, Shown(r.Count))));
        (await TableOf(page, "chart-tils-change")).Should().Equal(
            ("severe_at_baseline", Shown(report.Tils.SevereAtBaseline)), ("moved_out_of_severe", Shown(report.Tils.MovedOutOfSevere)));
        report.ReferralsBySector.Should().Contain(r => r.Key == "GeneralPractice" && r.Count >= 6, "the test's referrals come from a GP");

        // A hidden figure draws no bar: as many bars as shown figures.
        var sectorShown = Protected(report.Referrals, report.ReferralsBySector).Count(r => r.Value != "x");
        await Assertions.Expect(page.Locator("#chart-sector svg rect.lw-chart-bar")).ToHaveCountAsync(sectorShown);

        // The table is there for screen readers; the switch shows it on screen too.
        (await page.Locator("#chart-sector-table-wrap").BoundingBoxAsync())!.Width.Should().BeLessThanOrEqualTo(1);
        await page.Locator("#chart-sector-show-table").CheckAsync();
        (await page.Locator("#chart-sector-table-wrap").BoundingBoxAsync())!.Width.Should().BeGreaterThan(100);
        await page.Done();
    }

    [WebFact]
    public async Task The_CSV_downloads_from_the_outcome_page_and_holds_no_identifier()
    {
        var names = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var (name, _) = await TriagedCase("coordinator.aarhus", "8000");
            names.Add(name);
        }

        var today = DanishTime.Today(app.Clock);
        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/outcomes?from={Iso(today)}&last={Iso(today)}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#csv-download").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);

        csv.Should().Be(await app.SendAs("coordinator.aarhus", new ExportOutcomeReportQuery(today, today.AddDays(1))), "the page sends the API's request");
        csv.Should().StartWith("municipality,period_from,period_to,section,category,count,value");
        CprLike().IsMatch(csv).Should().BeFalse("no CPR number");
        names.Should().AllSatisfy(n => csv.Should().NotContain(n.Split(' ')[1]));
        DemoDataSeeder.Accounts.Should().AllSatisfy(a => csv.Should().NotContain(a.DisplayName, "no staff names"));
        await page.Done();
    }

    [WebFact]
    public async Task A_guide_opening_a_coordinator_page_is_not_allowed()
    {
        var guide = await browser.SignedIn(app, "guide1.aarhus", "/queue");
        foreach (var path in CoordinatorPaths)
        {
            var response = await guide.GotoAsync(path);
            response!.Status.Should().Be(403, path);
            await Assertions.Expect(guide.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ingen adgang");
        }

        (await guide.GotoAsync($"/outcomes/report.csv?from=2026-01-01&to=2026-02-01"))!.Status.Should().Be(403);
        await guide.Done();
    }

    [WebFact]
    public async Task An_Odsherred_coordinator_never_sees_an_Aarhus_case()
    {
        var (name, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        var page = await browser.SignedIn(app, "coordinator.odsherred", "/triage");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(name);

        await page.GotoAsync($"/triage/{caseId}");
        await Assertions.Expect(page.Locator("#case-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(name);
        await page.GotoAsync($"/cases/{caseId}/audit");
        await Assertions.Expect(page.Locator("#case-not-found")).ToBeVisibleAsync();

        // Not through a crafted assignment either: the case is "not found" for the other municipality.
        var refused = await page.GotoAsync($"/guides");
        refused!.Status.Should().Be(200);
        await Assertions.Expect(page.Locator("#guides")).Not.ToContainTextAsync("Aarhus");
        await page.Done();
    }

    [WebFact]
    public async Task The_audit_trail_shows_who_read_the_case_and_filters_by_person()
    {
        var (_, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        await app.SendAs("coordinator.aarhus", new AssignCaseCommand(await GuideId("guide1.aarhus"), "Tæt på.") { CaseId = caseId });
        await app.SendAs("guide1.aarhus", new GetCaseQuery(caseId));

        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/cases/{caseId}/audit");
        var guideName = DemoDataSeeder.Accounts.Single(a => a.UserName == "guide1.aarhus").DisplayName;
        await Assertions.Expect(page.Locator("#audit tbody")).ToContainTextAsync(guideName);
        await Assertions.Expect(page.Locator("#audit tbody")).ToContainTextAsync("Gav sagen til en guide");

        await page.GetByLabel("Person").SelectOptionAsync(new SelectOptionValue { Label = guideName });
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrér" }).ClickAsync();
        var people = await page.Locator("#audit tbody tr td:nth-child(2)").AllInnerTextsAsync();
        people.Should().NotBeEmpty().And.OnlyContain(p => p.Contains(guideName, StringComparison.Ordinal));
        await Assertions.Expect(page.Locator("#audit tbody")).Not.ToContainTextAsync("Gav sagen til en guide");
        await page.Done();
    }

    [WebFact]
    public async Task A_guides_cases_move_to_a_colleague_in_one_step()
    {
        var (_, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        await app.SendAs("coordinator.aarhus", new AssignCaseCommand(await GuideId("guide3.aarhus"), "Speciale.") { CaseId = caseId });

        var page = await browser.SignedIn(app, "coordinator.aarhus", "/guides");
        await page.Locator("#reassign-f-fromGuideId").SelectOptionAsync((await GuideId("guide3.aarhus")).ToString());
        await page.Locator("#reassign-f-toGuideId").SelectOptionAsync((await GuideId("guide1.aarhus")).ToString());
        await page.Locator("#reassign-f-reason").FillAsync("Guiden er syg.");
        await page.Locator("#reassign-submit").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Sagerne er flyttet");

        var view = await app.SendAs("coordinator.aarhus", new GetCaseQuery(caseId));
        view.AssignedGuide!.Id.Should().Be(await GuideId("guide1.aarhus"));
        view.Routing[^1].Reasons.Should().Contain("Guiden er syg.");
        await page.Done();
    }

    [WebFact]
    public async Task Every_coordinator_page_passes_axe_and_fits_a_phone()
    {
        var (_, caseId) = await TriagedCase("coordinator.aarhus", "8000");
        await Scenes.ACaseWithHistory(app, "guide1.aarhus");
        foreach (var width in new[] { 1280, PageTests<TApp>.PhoneWidth })
        {
            var page = await browser.SignedIn(app, "coordinator.aarhus", "/triage", width);
            foreach (var path in CoordinatorPaths.Concat([$"/triage/{caseId}", $"/cases/{caseId}/audit"]))
            {
                await page.GotoAsync(path);
                await Check(page, width);
            }

            // The outcome report with every table shown, and a form with its errors.
            await page.GotoAsync("/outcomes");
            foreach (var toggle in await page.Locator(".lw-chart-toggle").AllAsync())
            {
                await toggle.CheckAsync();
            }

            await Check(page, width);
            await page.GotoAsync($"/triage/{caseId}");
            await page.Locator("#assign").ClickAsync();
            await Assertions.Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Check(page, width);
            await page.Done();

            var guide = await browser.SignedIn(app, "guide1.aarhus", "/triage", width);
            await Check(guide, width);
            await guide.Done();
        }
    }

    [WebFact]
    public async Task The_municipal_settings_are_edited_through_the_settings_request()
    {
        var page = await browser.SignedIn(app, "coordinator.aarhus", "/settings");
        await page.Locator("#f-tilsModerateFrom").FillAsync("6");
        await page.Locator("#f-tilsSevereFrom").FillAsync("5");
        await page.Locator("#save-settings").ClickAsync();
        await Assertions.Expect(page.Locator("#error-summary")).ToContainTextAsync("Grænsen for alvorligt ensom");

        await page.Locator("#f-tilsModerateFrom").FillAsync("5");
        await page.Locator("#f-tilsSevereFrom").FillAsync("8");
        await page.Locator("#f-firstContactWorkingDays").FillAsync("4");
        await page.Locator("#save-settings").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Reglerne er gemt");
        await Assertions.Expect(page.Locator("#f-firstContactWorkingDays")).ToHaveValueAsync("4");

        var settings = await app.SendAs("coordinator.aarhus", new Application.Municipalities.GetSettings.GetSettingsQuery());
        (settings.FirstContactWorkingDays, settings.TilsModerateFrom, settings.TilsSevereFrom).Should().Be((4, 5, 8));
        settings.FollowUpPlans.Should().NotBeEmpty("the plans came back as they were read");
        await page.Done();
    }

    private async Task<(string Name, Guid CaseId)> TriagedCase(string coordinator, string postcode)
    {
        var name = Browsing.NewName();
        var submitted = await app.SendAs(coordinator, new SubmitReferralCommand(
            new CitizenInput(name, Browsing.NewCpr(), null, "+4512345678", null, new AddressInput("Testvej 2", postcode, "By"), "da", false),
            "Har mistet sit netværk.", [LifeArena.LeisureAndCommunities], [LifeTransition.Moving], null, null, Urgency.Normal,
            new ReferralConsentInput(true, "Koordinatoren", ConsentMethod.Verbal, app.Clock.GetUtcNow().AddHours(-1)), ToTriage: true));
        submitted.AssignedGuideId.Should().BeNull();
        return (name, submitted.CaseId);
    }

    private async Task<Guid> GuideId(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByNameAsync(userName))!.Id;
    }

    private static async Task<List<(string Key, string Value)>> TableOf(IPage page, string chart)
    {
        var rows = page.Locator($"#{chart}-table tbody tr[data-key]");
        var result = new List<(string, string)>();
        foreach (var row in await rows.AllAsync())
        {
            result.Add(((await row.GetAttributeAsync("data-key"))!, (await row.Locator("td").TextContentAsync())!.Trim()));
        }

        return result;
    }

    // What the CSV shows of a breakdown (ExportOutcomeReportQuery): Disclosure.Protect, "x" for each hidden cell.
    private static List<(string Key, string Value)> Protected(int total, IReadOnlyList<CountRow> rows)
    {
        var protection = Disclosure.Protect(total, rows.Select(r => r.Count).ToList());
        protection.Withheld.Should().BeFalse();
        return rows.Select((r, i) => (r.Key, protection.Hidden[i] ? "x" : r.Count.ToString(CultureInfo.InvariantCulture))).ToList();
    }

    private static string Shown(int count) => Disclosure.IsSmall(count) ? "x" : count.ToString(CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task Check(IPage page, int width)
    {
        if (width != PageTests<TApp>.PhoneWidth)
        {
            await page.ShouldPassAxe();
        }

        await page.ShouldFitWidth(width);
    }

    [GeneratedRegex(@"\b\d{6}-?\d{4}\b")]
    private static partial Regex CprLike();
}

public sealed class CoordinatorTests_Sqlite(BrowserFixture browser, SqliteWebApp app) : CoordinatorTests<SqliteWebApp>(browser, app);

public sealed class CoordinatorTests_Postgres(BrowserFixture browser, PostgresWebApp app) : CoordinatorTests<PostgresWebApp>(browser, app), IUsesPostgres;
