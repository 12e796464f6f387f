using LinkWorker.Application.Consents.RecordConsent;
using LinkWorker.Application.Conversations;
using LinkWorker.Application.Conversations.LogConversation;
using LinkWorker.Application.FollowUps.FireFollowUp;
using LinkWorker.Application.FollowUps.PlanFollowUp;
using LinkWorker.Application.Outcomes.RecordMeasurement;
using LinkWorker.Application.Referrals.SubmitReferral;
using LinkWorker.Domain.Consents;
using LinkWorker.Domain.Conversations;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Domain.Outcomes;
using LinkWorker.Domain.Referrals;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>
/// Every page of part 1 against WCAG 2.1 AA (axe: nothing serious or critical), at desk width and at 390 px, by
/// keyboard alone through the referral form, and in English after the language switch.
/// </summary>
[Collection(BrowserGroup.Name)]
public abstract class PageTests<TApp>(BrowserFixture browser, TApp app) : IClassFixture<TApp>
    where TApp : WebAppFactory
{
    public const int PhoneWidth = 390;

    [WebFact]
    public async Task Every_page_passes_axe_and_fits_a_phone()
    {
        var (referralId, caseId) = await Scenes.ACaseWithHistory(app, "guide1.aarhus");

        foreach (var width in new[] { 1280, PhoneWidth })
        {
            var gp = await browser.SignedIn(app, "gp.aarhus", "/referrals/new", width);
            await gp.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
            await Assertions.Expect(gp.Locator("#error-summary")).ToBeVisibleAsync();
            await gp.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await gp.GotoAsync($"/referrals/sent/{referralId}");
            await gp.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await gp.GotoAsync("/referrals");
            await gp.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await gp.Done();

            var guide = await browser.SignedIn(app, "guide1.aarhus", "/queue", width);
            await Assertions.Expect(guide.Locator("#queue-new-count")).ToBeVisibleAsync();
            await guide.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await guide.GotoAsync($"/cases/{caseId}");
            await Assertions.Expect(guide.Locator("#tils-table")).ToBeVisibleAsync();
            await Assertions.Expect(guide.Locator("#match-list .lw-handed-over")).ToContainTextAsync("Guiden fulgte borgeren derhen");
            await guide.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            var missing = await guide.GotoAsync($"/cases/{Guid.NewGuid()}");
            missing!.Status.Should().Be(404);
            await Assertions.Expect(guide.Locator("#not-found")).ToBeVisibleAsync();
            await guide.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await guide.GotoAsync("/tasks");
            await Assertions.Expect(guide.Locator("#tasks li").First).ToBeVisibleAsync();
            await guide.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await guide.GetByRole(AriaRole.Button, new() { Name = "Log af" }).ClickAsync();
            await guide.WaitForURLAsync("**/signed-out");
            await guide.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await guide.Done();
        }
    }

    [WebFact]
    public async Task Opening_the_case_page_is_one_request_and_one_audit_record_about_the_case()
    {
        var (_, caseId) = await Scenes.ACaseWithHistory(app, "guide1.aarhus");
        var guide = await browser.SignedIn(app, "guide1.aarhus", $"/cases/{caseId}");
        await Assertions.Expect(guide.Locator("#tils-table")).ToBeVisibleAsync();
        var before = await AuditIdsOfTheCase(caseId);

        await guide.ReloadAsync();
        await Assertions.Expect(guide.Locator("#tils-table")).ToBeVisibleAsync();

        // The page's sections come from one request (ADR 32): one record naming the case, none of the four requests' own.
        var read = (await AuditIdsOfTheCase(caseId)).Except(before).ToList();
        read.Should().ContainSingle().Which.Action.Should().Be("GetCaseWorkspace");
        await guide.Done();
    }

    private Task<List<(Guid Id, string Action)>> AuditIdsOfTheCase(Guid caseId) => app.WithDatabase(async db =>
        (await db.AuditEntries.IgnoreQueryFilters().Where(a => a.EntityId == caseId).Select(a => new { a.Id, a.Action }).ToListAsync())
            .Select(a => (a.Id, a.Action)).ToList());

    [WebFact]
    public async Task A_consent_the_citizen_has_not_given_greys_out_what_needs_it_and_says_why()
    {
        var (_, caseId) = await Scenes.ACase(app, "guide1.aarhus", consent: false);
        var guide = await browser.SignedIn(app, "guide1.aarhus", $"/cases/{caseId}");

        var notes = guide.Locator("#not-allowed-StoreConversationNotes").First;
        await Assertions.Expect(notes).ToContainTextAsync("Borgeren har ikke givet samtykke til \"Notater fra samtaler\"");
        await Assertions.Expect(notes.Locator("fieldset[disabled]")).ToHaveCountAsync(1);
        await Assertions.Expect(guide.Locator("#not-allowed-MeasureOutcomes")).ToContainTextAsync("Måling af ensomhed");
        await Assertions.Expect(guide.GetByRole(AriaRole.Button, new() { Name = "Gem samtalen" })).ToBeDisabledAsync();
        await guide.Done();
    }

    [WebFact]
    public async Task A_match_is_handed_over_and_followed_with_the_keyboard_alone_once_the_consent_allows_it()
    {
        var (_, caseId) = await Scenes.ACase(app, "guide1.aarhus", consent: true);
        var match = await Scenes.AMatch(app, "guide1.aarhus", caseId);
        var guide = await browser.SignedIn(app, "guide1.aarhus", $"/cases/{caseId}");
        var card = guide.Locator($"#match-{match:N}");

        // Without the partner-sharing consent the hand-over is shown greyed, saying which consent is missing.
        await Assertions.Expect(card.Locator("#not-allowed-ShareWithPartner")).ToContainTextAsync("Deling med foreningen eller tilbuddet");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "Registrér overdragelsen" })).ToBeDisabledAsync();
        await guide.ShouldPassAxe();

        await Scenes.Share(app, "guide1.aarhus", caseId);
        await guide.ReloadAsync();
        var handOver = $"handover-{match:N}-";
        var advance = $"advance-{match:N}-";

        // From the section's link, by Tab, Space and Enter only.
        await guide.Locator("a[href='#matches']").FocusAsync();
        await guide.Keyboard.PressAsync("Enter");
        await guide.TabTo($"#{handOver}f-how-Accompanied");
        await guide.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(guide.Locator($"#{handOver}f-how-IntroducedByPhone")).ToBeCheckedAsync();
        await guide.TabTo($"#match-{match:N} .lw-match-form:has(input[value='handover-{match:N}']) button[type=submit]");
        await guide.Keyboard.PressAsync("Enter");
        await Assertions.Expect(guide.Locator(".alert-success")).ToContainTextAsync("Overdragelsen er registreret.");
        await Assertions.Expect(card.Locator(".lw-handed-over")).ToContainTextAsync("Introduceret over telefonen");

        // Stopped without saying why: the validator's message, in the summary and tied to the field.
        await guide.Locator("a[href='#matches']").FocusAsync();
        await guide.Keyboard.PressAsync("Enter");
        await guide.TabTo($"#{advance}f-status-WentAlong");
        await guide.Keyboard.PressAsync("ArrowDown");
        await guide.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(guide.Locator($"#{advance}f-status-Stopped")).ToBeCheckedAsync();
        await guide.TabTo($"#match-{match:N} .lw-match-form button[type=submit]");
        await guide.Keyboard.PressAsync("Enter");
        var summary = guide.Locator($"#{advance}error-summary");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Skriv, hvorfor borgeren stoppede.");
        (await guide.Locator($"#{advance}f-stopReason").GetAttributeAsync("aria-describedby")).Should().Contain($"{advance}f-stopReason-error");
        await guide.ShouldPassAxe();
        await guide.Keyboard.PressAsync("Tab");
        await guide.Keyboard.PressAsync("Enter");
        await Assertions.Expect(guide.Locator($"#{advance}f-stopReason")).ToBeFocusedAsync();
        await guide.Keyboard.TypeAsync("Holdet flyttede til en anden dag");
        await guide.TabTo($"#match-{match:N} .lw-match-form button[type=submit]");
        await guide.Keyboard.PressAsync("Enter");

        await Assertions.Expect(guide.Locator(".alert-success")).ToContainTextAsync("Matchets forløb er opdateret.");
        await Assertions.Expect(card.Locator("ol.lw-history")).ToContainTextAsync("Holdet flyttede til en anden dag");
        await Assertions.Expect(card.Locator("form")).ToHaveCountAsync(0);
        await guide.Done();
    }

    [WebFact]
    public async Task A_double_submit_of_a_match_form_records_the_progress_once()
    {
        var (_, caseId) = await Scenes.ACase(app, "guide1.aarhus", consent: true);
        var match = await Scenes.AMatch(app, "guide1.aarhus", caseId);
        var before = await app.WithDatabase(db => db.CommunityParticipations.IgnoreQueryFilters().Where(p => p.Id == match).Select(p => p.Version).SingleAsync());
        var guide = await browser.SignedIn(app, "guide1.aarhus", $"/cases/{caseId}");
        await guide.Locator($"#advance-{match:N}-f-status-WentAlong").CheckAsync();

        // The same form posted twice at once: without its idempotency key the second would meet a version conflict.
        var pages = await guide.EvaluateAsync<string[]>(@"async id => {
            const form = document.querySelector('#match-' + id + ' .lw-match-form:has(input[value=advance-' + id + '])');
            const send = () => fetch(form.action || location.href, { method: 'POST', body: new FormData(form) }).then(r => r.text());
            return await Promise.all([send(), send()]);
        }", match.ToString("N"));

        // Both answers are the page after the change ("updated"), neither a refusal (the page encodes "ø" as &#xF8;).
        pages.Should().OnlyContain(html => html.Contains("Matchets forl&#xF8;b er opdateret.") && !html.Contains("lw-error-summary"));
        var version = await app.WithDatabase(db => db.CommunityParticipations.IgnoreQueryFilters().Where(p => p.Id == match).Select(p => p.Version).SingleAsync());
        version.Should().Be(before + 1, "the progress was saved once");
        await guide.Done();
    }

    [WebFact]
    public async Task The_referral_form_can_be_filled_and_sent_with_the_keyboard_alone()
    {
        var name = Browsing.NewName();
        var gp = await browser.SignedIn(app, "gp.aarhus", "/referrals/new");
        await gp.Locator("body").FocusAsync();

        // The skip link is the first stop and leads into the form.
        await gp.Keyboard.PressAsync("Tab");
        await Assertions.Expect(gp.GetByRole(AriaRole.Link, new() { Name = "Gå til sidens indhold" })).ToBeFocusedAsync();
        await gp.Keyboard.PressAsync("Enter");

        await gp.TabTo("#f-citizen-name");
        await gp.Keyboard.TypeAsync(name);
        await gp.TabTo("#f-citizen-cprNumber");
        await gp.Keyboard.TypeAsync(Browsing.NewCpr());
        await gp.TabTo("#f-citizen-address-postcode");
        await gp.Keyboard.TypeAsync("8000");
        await gp.TabTo("#f-reason");
        await gp.Keyboard.TypeAsync("Savner nogen at tale med.");
        await gp.TabTo("#f-lifeArenas-LeisureAndCommunities");
        await gp.Keyboard.PressAsync("Space");
        await gp.TabTo("#f-consent-given-true");
        await gp.Keyboard.PressAsync("Space");
        await gp.TabTo("#f-consent-obtainedBy");
        await gp.Keyboard.TypeAsync("Dr. Tastatur");
        await gp.TabTo("#f-consent-method-Verbal");
        await gp.Keyboard.PressAsync("Space");
        await gp.TabTo("button[type=submit].button-primary");
        (await gp.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle")).Should().NotBe("none", "focus is visible");
        await gp.Keyboard.PressAsync("Enter");

        await Assertions.Expect(gp.Locator("#sent-where")).ToContainTextAsync("fællesskabsguide");
        await gp.Done();
    }

    [WebFact]
    public async Task The_language_switch_turns_the_pages_English_and_is_remembered()
    {
        var gp = await browser.SignedIn(app, "gp.aarhus", "/referrals");
        await gp.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(gp.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("My referrals");
        (await gp.Locator("html").GetAttributeAsync("lang")).Should().Be("en");

        await gp.GotoAsync("/referrals/new");
        await Assertions.Expect(gp.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Refer a citizen");
        await gp.GetByRole(AriaRole.Button, new() { Name = "Send the referral" }).ClickAsync();
        await Assertions.Expect(gp.Locator("#error-summary")).ToContainTextAsync("The citizen's name is required.");

        await gp.GetByRole(AriaRole.Button, new() { Name = "Dansk" }).ClickAsync();
        await Assertions.Expect(gp.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Henvis en borger");
        await gp.Done();
    }
}

public sealed class PageTests_Sqlite(BrowserFixture browser, SqliteWebApp app) : PageTests<SqliteWebApp>(browser, app);

public sealed class PageTests_Postgres(BrowserFixture browser, PostgresWebApp app) : PageTests<PostgresWebApp>(browser, app), IUsesPostgres;
