using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Infrastructure.Seeding;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>
/// The issue's journey in a real browser: a GP refers a citizen and sees the referral arrive; the guide it reached
/// works the case to closure; the GP then sees it closed. Through the real sign-in, pages and database.
/// </summary>
[Collection(BrowserGroup.Name)]
public abstract class JourneyTests<TApp>(BrowserFixture browser, TApp app) : IClassFixture<TApp>
    where TApp : WebAppFactory
{
    protected BrowserFixture Browser { get; } = browser;

    protected TApp App { get; } = app;

    [WebFact]
    public async Task A_GP_refers_a_citizen_the_guide_works_the_case_to_closure_and_the_GP_sees_it_closed()
    {
        var name = Browsing.NewName();

        // The GP sends the referral and is told where it went.
        var gp = await Browser.SignedIn(App, "gp.aarhus", "/referrals/new");
        await FillReferral(gp, name, Browsing.NewCpr(), postcode: "8000");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
        await Assertions.Expect(gp.GetByRole(AriaRole.Heading, new() { Name = "Hvad sker der nu?" })).ToBeVisibleAsync();
        var where = await gp.Locator("#sent-where").InnerTextAsync();
        var guideName = Browsing.SentToGuide().Match(where).Groups["name"].Value;
        guideName.Should().NotBeEmpty($"postcode 8000 has guides with room ({where})");
        where.Should().Contain("i distrikt Midtbyen");
        var guide = DemoDataSeeder.Accounts.Single(a => a.DisplayName == guideName).UserName;

        // It arrives in the GP's own list, newest first.
        await gp.GetByRole(AriaRole.Link, new() { Name = "Mine henvisninger" }).First.ClickAsync();
        var row = gp.Locator("#my-referrals tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync(name);
        await Assertions.Expect(row).ToContainTextAsync("Tildelt en guide");

        // The guide finds it in the queue, marked new since their last visit, and opens it.
        var page = await Browser.SignedIn(App, guide, "/queue");
        var queueRow = page.Locator("#queue tbody tr", new() { HasText = name });
        await Assertions.Expect(queueRow.Locator(".badge", new() { HasText = "Ny" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#queue-new-count")).ToContainTextAsync("siden dit sidste besøg");
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        var caseUrl = new Uri(page.Url).AbsolutePath;

        // Why it came to this guide, in Danish (stored as the API's English sentences).
        await Assertions.Expect(page.Locator("#routing")).ToContainTextAsync("distrikt Midtbyen");
        (await page.Locator("#routing").InnerTextAsync()).Should().NotContain("district").And.NotContain(" of ");

        // On the next visit to the queue it is no longer new.
        await page.GotoAsync("/queue");
        await Assertions.Expect(queueRow).ToBeVisibleAsync();
        await Assertions.Expect(queueRow.Locator(".badge", new() { HasText = "Ny" })).ToHaveCountAsync(0);
        await page.GotoAsync(caseUrl);

        // Consent for everything the guide will do (notes, measuring, sharing status with the GP).
        if (!await page.Locator("#consent-f-scopes-ContactCitizen").IsVisibleAsync())
        {
            await page.GetByText("Registrér samtykke", new() { Exact = true }).ClickAsync();
        }

        await page.Locator("#consent-f-scopes-ContactCitizen").CheckAsync();
        await page.Locator("#consent-f-scopes-StoreConversationNotes").CheckAsync();
        await page.Locator("#consent-f-scopes-MeasureOutcomes").CheckAsync();
        await page.Locator("#consent-f-scopes-ShareStatusWithReferrer").CheckAsync();
        await page.Locator("#consent-f-scopes-ShareWithPartner").CheckAsync();
        await page.Locator("#consent-f-method-Written").CheckAsync();
        await page.Locator("#consent-f-obtainedBy").FillAsync("Guiden selv");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem samtykket" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Samtykket er registreret.");
        await Assertions.Expect(page.Locator("#consent-scopes")).ToContainTextAsync("Givet");

        // A conversation.
        await page.Locator("#log-f-conversation-summary").FillAsync("Første møde på biblioteket. Grethe vil gerne synge.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem samtalen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Samtalen er gemt.");
        await Assertions.Expect(page.Locator("#conversations")).ToContainTextAsync("Grethe vil gerne synge");

        // A T-ILS baseline: 3 + 2 + 3 = 8, severely lonely.
        await page.Locator("#tils-f-lackCompanionship-3").CheckAsync();
        await page.Locator("#tils-f-feelLeftOut-2").CheckAsync();
        await page.Locator("#tils-f-feelIsolated-3").CheckAsync();
        await Assertions.Expect(page.Locator("#tils-total")).ToHaveTextAsync("Sum: 8 – alvorligt ensom");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem målingen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tils-table tbody tr")).ToContainTextAsync("alvorligt ensom");

        // A check-in call in two days; when it falls due the guide has a task.
        await page.Locator("#followup-f-kind").SelectOptionAsync("CheckInCall");
        await page.Locator("#followup-f-dueAt").FillAsync(Local(App.Clock.GetUtcNow().AddDays(2)));
        await page.Locator("#followup-f-note").FillAsync("Ring og hør, hvordan koret gik");
        await page.GetByRole(AriaRole.Button, new() { Name = "Planlæg", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#followup-list")).ToContainTextAsync("Planlagt");
        await page.GotoAsync("/tasks");
        await Assertions.Expect(page.Locator("#tasks-empty")).ToBeVisibleAsync();

        App.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(5));
        await FireDueReminders();
        page = await Reopen(page, guide, "/tasks");
        var task = page.Locator("#tasks li").First;
        await Assertions.Expect(task).ToContainTextAsync("Opfølgning forfalden");
        await task.GetByRole(AriaRole.Button, new() { Name = "Markér som læst" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tasks li").First.Locator(".badge")).ToHaveCountAsync(0);

        // Match a suggested offer, then close the case: the citizen is in a community.
        await page.GotoAsync(caseUrl);
        await page.Locator("#suggestions li").First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Matchet er registreret.");
        await Assertions.Expect(page.Locator("#match-list")).ToContainTextAsync("Foreslået");
        var card = page.Locator("#match-list > li").First;

        // The hand-over: how the guide did it, then the participation as it goes.
        await card.GetByLabel("Guiden fulgte borgeren derhen").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Registrér overdragelsen" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Overdragelsen er registreret.");
        await Assertions.Expect(card.Locator("ol.lw-history")).ToContainTextAsync("Guiden fulgte borgeren derhen");
        await card.GetByLabel("Er startet (har været der første gang)").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Gem forløbet" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Matchets forløb er opdateret.");
        await card.GetByLabel("Deltager stadig").CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Gem forløbet" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Matchets forløb er opdateret.");
        var history = card.Locator("ol.lw-history");
        await Assertions.Expect(history).ToContainTextAsync("Startede");
        await Assertions.Expect(history).ToContainTextAsync("Deltager stadig");
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Kommer fast");
        await page.GetByText("Afslut sagen …").ClickAsync();
        await page.Locator("#closing-f-reason-InCommunity").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Afslut sagen", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#case-closed")).ToContainTextAsync("Borgeren er i et fællesskab");

        // The GP sees it closed, with the coarse category only.
        gp = await Reopen(gp, "gp.aarhus", "/referrals");
        row = gp.Locator("#my-referrals tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync("Afsluttet");
        await Assertions.Expect(row).ToContainTextAsync("gennemført");
        await page.Done();
        await gp.Done();
    }

    [WebFact]
    public async Task Without_the_citizens_consent_the_form_refuses_and_says_why()
    {
        var name = Browsing.NewName();
        var gp = await Browser.SignedIn(App, "gp.aarhus", "/referrals/new");
        await FillReferral(gp, name, Browsing.NewCpr(), postcode: "8000", consent: false);
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();

        var summary = gp.Locator("#error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("kan ikke sendes uden borgerens samtykke");
        await Assertions.Expect(gp.Locator("#f-consent-given-error")).ToContainTextAsync("uden borgerens samtykke");
        await Assertions.Expect(gp.Locator("#f-citizen-name")).ToHaveValueAsync(name, new() { Timeout = 2000 });
        (await App.WithDatabase(db => db.Citizens.IgnoreQueryFilters().AnyAsync(c => c.Name == name))).Should().BeFalse();
        await gp.Done();
    }

    [WebFact]
    public async Task Bad_fields_are_named_by_the_same_validators_with_links_to_the_fields()
    {
        var gp = await Browser.SignedIn(App, "gp.aarhus", "/referrals/new");
        await gp.Locator("#f-citizen-cprNumber").FillAsync("3102501234");
        await gp.Locator("#f-citizen-cprNumber").BlurAsync();
        await Assertions.Expect(gp.Locator("#f-citizen-cprNumber-live-error")).ToHaveTextAsync("De første 6 cifre er ikke en gyldig dato.");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();

        var summary = gp.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Skriv borgerens navn.");
        await Assertions.Expect(summary).ToContainTextAsync("Et CPR-nummer har 10 cifre (DDMMÅÅ-XXXX) og begynder med en gyldig dato.");
        await Assertions.Expect(summary).ToContainTextAsync("Vælg mindst én livsarena.");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Skriv borgerens navn." }).ClickAsync();
        await Assertions.Expect(gp.Locator("#f-citizen-name")).ToBeFocusedAsync();
        (await gp.Locator("#f-citizen-cprNumber").GetAttributeAsync("aria-describedby")).Should().Contain("f-citizen-cprNumber-error");
        await gp.Done();
    }

    [WebFact]
    public async Task A_double_submit_of_the_referral_form_creates_one_referral()
    {
        var name = Browsing.NewName();
        var gp = await Browser.SignedIn(App, "gp.aarhus", "/referrals/new");
        await FillReferral(gp, name, Browsing.NewCpr(), postcode: "8200");

        // The same form posted twice at once, as a double click or a resend does: same idempotency key.
        var statuses = await gp.EvaluateAsync<int[]>(@"async () => {
            const form = document.querySelector('form.lw-form');
            const send = () => fetch(form.action || location.href, { method: 'POST', body: new FormData(form), redirect: 'manual' }).then(r => r.status);
            return await Promise.all([send(), send()]);
        }");
        statuses.Should().OnlyContain(s => s == 0 || s == 200 || s == 302, "an opaque redirect (0) is a success");

        await gp.GotoAsync("/referrals");
        await Assertions.Expect(gp.Locator("#my-referrals tbody tr", new() { HasText = name })).ToHaveCountAsync(1);
        (await App.WithDatabase(db => db.Citizens.IgnoreQueryFilters().CountAsync(c => c.Name == name))).Should().Be(1);
        await gp.Done();
    }

    [WebFact]
    public async Task Another_guides_case_is_not_found_and_the_CPR_number_shows_only_when_asked()
    {
        var name = Browsing.NewName();
        var cpr = Browsing.NewCpr();
        var gp = await Browser.SignedIn(App, "gp.aarhus", "/referrals/new");
        await FillReferral(gp, name, cpr, postcode: "8260");  // Syd: guide3's district only.
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
        await Assertions.Expect(gp.Locator("#sent-where")).ToContainTextAsync("Frivillig guide, Aarhus");
        await gp.Done();

        var owner = await Browser.SignedIn(App, "guide3.aarhus", "/queue");
        await owner.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        var caseUrl = new Uri(owner.Url).AbsolutePath;
        await Assertions.Expect(owner.Locator("#cpr-value")).ToHaveTextAsync($"******-{cpr[6..]}");
        (await owner.ContentAsync()).Should().NotContain(cpr, "the full number is not in the page until asked for");
        owner.Url.Should().NotContain(cpr).And.NotContain(Uri.EscapeDataString(name));
        await owner.GetByRole(AriaRole.Button, new() { Name = "Vis CPR-nummer" }).ClickAsync();
        await Assertions.Expect(owner.Locator("#cpr-value")).ToHaveTextAsync($"{cpr[..6]}-{cpr[6..]}");
        var revealed = await App.WithDatabase(db => db.AuditEntries.IgnoreQueryFilters().CountAsync(a => a.Action == "RevealCprNumber" && a.EntityType == "Citizen"));
        revealed.Should().BeGreaterThan(0, "showing the CPR number is audited as its own action");
        await owner.Done();

        // Another guide's case, a case that does not exist, a referral that is not the reader's: 404, the not-found page.
        var other = await Browser.SignedIn(App, "guide1.aarhus", "/queue");
        foreach (var path in new[] { caseUrl, $"/cases/{Guid.NewGuid()}" })
        {
            var response = await other.GotoAsync(path);
            response!.Status.Should().Be(404, path);
            await Assertions.Expect(other.Locator("#not-found")).ToHaveTextAsync("Det, du leder efter, findes ikke, eller du har ikke adgang til det.");
            await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Siden findes ikke");
            (await other.ContentAsync()).Should().NotContain(name);
        }

        await other.Done();
        var stranger = await Browser.SignedIn(App, "homecare.aarhus", "/referrals");
        (await stranger.GotoAsync($"/referrals/sent/{Guid.NewGuid()}"))!.Status.Should().Be(404);
        await Assertions.Expect(stranger.Locator("#not-found")).ToBeVisibleAsync();
        await stranger.Done();
    }

    protected static async Task FillReferral(IPage page, string name, string cpr, string postcode, bool consent = true)
    {
        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("CPR-nummer").FillAsync(cpr);
        await page.GetByLabel("Postnummer").FillAsync(postcode);
        await page.GetByLabel("Hvorfor henviser du borgeren?").FillAsync("Alene efter at have mistet sin mand; vil gerne møde andre.");
        await page.GetByLabel("Fritid og fællesskaber").CheckAsync();
        if (consent)
        {
            await page.GetByLabel("Borgeren har givet samtykke til at blive henvist").CheckAsync();
        }

        await page.GetByLabel("Hvem indhentede samtykket?").FillAsync("Dr. Test");
        await page.GetByLabel("Mundtligt").CheckAsync();
    }

    private static string Local(DateTimeOffset instant) => LinkWorker.Web.Localization.DanishFormat.InputDateTime(instant);

    // After the clock moved, the sliding web session may have expired: sign in again where the form asks.
    private static async Task<IPage> Reopen(IPage page, string userName, string path)
    {
        await page.GotoAsync(path);
        await Browsing.SignInOnForm(page, userName);
        if (new Uri(page.Url).AbsolutePath != path)
        {
            await page.GotoAsync(path);
        }

        return page;
    }

    // What the scheduler's job does for each reminder that has come due.
    private async Task FireDueReminders()
    {
        var now = App.Clock.GetUtcNow();
        var due = await App.WithDatabase(async db => (await db.FollowUps.IgnoreQueryFilters().Where(f => f.Status == FollowUpStatus.Planned).ToListAsync())
            .Where(f => f.DueAt <= now).Select(f => f.Id).ToList());
        foreach (var id in due)
        {
            await App.SendAsSystem(new FireFollowUpCommand(id));
        }
    }
}

public sealed class JourneyTests_Sqlite(BrowserFixture browser, SqliteWebApp app) : JourneyTests<SqliteWebApp>(browser, app);

public sealed class JourneyTests_Postgres(BrowserFixture browser, PostgresWebApp app) : JourneyTests<PostgresWebApp>(browser, app), IUsesPostgres;
