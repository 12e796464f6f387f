using System.Net;
using System.Text;
using System.Text.Json;
using LinkWorker.Application.FollowUps.PlanFollowUp;
using LinkWorker.Application.Offers.ImportOffers;
using LinkWorker.Domain.FollowUps;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>
/// Issue 14's directory editor and administrator in a real browser: the offer directory (import with a refused row,
/// create, edit, verify, archive, HSDS export), system clients (the secret shown once), the reminders view, and a
/// guide refused at their doors. axe and 390 px on every page; the offer form by keyboard alone.
/// </summary>
[Collection(BrowserGroup.Name)]
public abstract class DirectoryAndAdminTests<TApp>(BrowserFixture browser, TApp app) : IClassFixture<TApp>
    where TApp : WebAppFactory
{
    private const string Editor = "directory.aarhus";
    private const string Admin = "admin.aarhus";

    [WebFact]
    public async Task A_directory_editor_imports_a_CSV_and_sees_the_bad_row_refused_with_its_reason_while_the_good_rows_are_stored()
    {
        var tag = Tag();
        var csv = $"externalId;name;organiser;strategy;type;modes;postcode;contactName;lastVerified\n"
            + $"{tag}-1;Strikkecafé {tag};Viby Kirke;SocialNetwork;MeetingPlace;InPerson;8260;Grethe Sørensen;\n"
            + $"{tag}-2;Gåtur {tag};DN Aarhus;SocialNetwork;SocialActivity;InPerson;82;Hans Hansen;\n"
            + $"{tag}-3;Telefonkæden {tag};Ældre Sagen;PersonalSocialSupport;OnlineOrPhone;Phone;;Birthe Dam;2024-01-15\n";

        var page = await browser.SignedIn(app, Editor, "/offers/import");
        await page.Locator("#f-csv").SetInputFilesAsync(new FilePayload { Name = "tilbud.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Importér filen" }).ClickAsync();

        await Assertions.Expect(page.Locator("#import-summary")).ToHaveTextAsync("2 oprettet, 0 opdateret, 1 linjer afvist.");
        var refused = page.Locator("#import-errors tbody tr");
        await Assertions.Expect(refused).ToHaveCountAsync(1);
        await Assertions.Expect(refused.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(refused.Locator("td").Nth(1)).ToHaveTextAsync("postcode");
        await Assertions.Expect(refused.Locator("td").Nth(2)).ToHaveTextAsync("Et dansk postnummer har fire cifre.");

        var stored = await app.WithDatabase(db => db.Offers.IgnoreQueryFilters().Where(o => o.ExternalId != null && o.ExternalId.StartsWith(tag)).Select(o => o.ExternalId!).ToListAsync());
        stored.Should().BeEquivalentTo($"{tag}-1", $"{tag}-3");

        // The one verified in 2024 is flagged stale in the list.
        await page.GotoAsync($"/offers?show=stale&q={Uri.EscapeDataString(tag)}");
        var row = page.Locator("#offers tbody tr", new() { HasText = $"Telefonkæden {tag}" });
        await Assertions.Expect(row).ToContainTextAsync("Forældet");
        await Assertions.Expect(page.Locator("#offers tbody tr", new() { HasText = $"Strikkecafé {tag}" })).ToHaveCountAsync(0);
        await page.Done();
    }

    [WebFact]
    public async Task A_directory_editor_creates_edits_verifies_and_archives_an_offer()
    {
        var tag = Tag();
        var page = await browser.SignedIn(app, Editor, "/offers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nyt tilbud" }).ClickAsync();

        // Sent empty: the validators name each field, in Danish, linked to it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret tilbuddet" }).ClickAsync();
        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Giv tilbuddet et navn.");
        await Assertions.Expect(summary).ToContainTextAsync("Vælg indsatsstrategi.");
        await Assertions.Expect(summary).ToContainTextAsync("Angiv kontaktpersonen, der tager imod nye.");
        await Assertions.Expect(page.Locator("#f-name-error")).ToContainTextAsync("Giv tilbuddet et navn.");

        await page.GetByLabel("Navn", new() { Exact = true }).FillAsync($"Korsang {tag}");
        await page.Locator("#f-strategy").SelectOptionAsync("SocialNetwork");
        await page.Locator("#f-type").SelectOptionAsync("MeetingPlace");
        await page.Locator("#f-interests-Music").CheckAsync();
        await page.Locator("#f-organiser-name").FillAsync("Sangforeningen Midtby");
        await page.Locator("#f-location-street").FillAsync("Musikhusvej 1");
        await page.Locator("#f-location-postcode").FillAsync("8000");
        await page.Locator("#f-schedule-0-day").SelectOptionAsync("Thursday");
        await page.Locator("#f-schedule-0-opens").FillAsync("19:00");
        await page.Locator("#f-schedule-0-closes").FillAsync("21:00");
        await page.Locator("#f-contact-name").FillAsync("Karen Kor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opret tilbuddet" }).ClickAsync();

        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Tilbuddet er oprettet.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Korsang {tag}");
        await Assertions.Expect(page.Locator("#f-schedule-0-day")).ToHaveValueAsync("Thursday");
        var offerUrl = new Uri(page.Url).AbsolutePath;

        // Edit: the form holds the offer as stored; the district follows the postcode.
        await page.Locator("#f-name").FillAsync($"Korsang for alle {tag}");
        await page.Locator("#f-cost").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gem ændringerne" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Ændringerne er gemt.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Korsang for alle {tag}");
        await Assertions.Expect(page.Locator("#f-cost")).ToHaveValueAsync("20");

        // A stale offer (verified long ago) is flagged; verifying it clears the flag.
        await app.SendAs(Editor, new ImportOffersCommand(
            $"externalId;name;organiser;strategy;type;modes;contactName;lastVerified\n{tag}-old;Besøgsven {tag};Røde Kors;PersonalSocialSupport;VisitingService;Phone;Ida Ib;2024-03-01\n"));
        await page.GotoAsync($"/offers?q={Uri.EscapeDataString($"Besøgsven {tag}")}");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Besøgsven {tag}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#offer-status")).ToContainTextAsync("Forældet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Markér som bekræftet i dag" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Tilbuddet er markeret som bekræftet i dag.");
        await Assertions.Expect(page.Locator("#offer-status")).ToContainTextAsync("Bekræftet");
        await Assertions.Expect(page.Locator("#offer-status")).Not.ToContainTextAsync("Forældet");

        // Archive asks once, saying what happens; the offer then leaves the active list.
        await page.GotoAsync(offerUrl);
        await page.GetByText("Arkivér tilbuddet …").ClickAsync();
        await Assertions.Expect(page.Locator("#archive")).ToContainTextAsync("forsvinder fra søgning");
        await page.GetByRole(AriaRole.Button, new() { Name = "Arkivér tilbuddet", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Tilbuddet er arkiveret.");
        await Assertions.Expect(page.Locator("#offer-status")).ToContainTextAsync("Arkiveret");
        await page.GotoAsync("/offers");
        await Assertions.Expect(page.Locator("#offers tbody tr", new() { HasText = tag })).ToHaveCountAsync(1);
        await page.GotoAsync("/offers?show=all");
        await Assertions.Expect(page.Locator("#offers tbody tr", new() { HasText = $"Korsang for alle {tag}" })).ToContainTextAsync("Arkiveret");
        await page.Done();
    }

    [WebFact]
    public async Task The_HSDS_export_downloads_and_the_printable_list_opens()
    {
        var page = await browser.SignedIn(app, Editor, "/offers");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#hsds-export").ClickAsync());
        download.SuggestedFilename.Should().StartWith("tilbud-hsds-").And.EndWith(".json");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        json.RootElement.ValueKind.Should().Be(JsonValueKind.Array);
        json.RootElement.GetArrayLength().Should().BeGreaterThan(0, "the demo directory has offers");
        json.RootElement[0].TryGetProperty("assured_date", out _).Should().BeTrue("HSDS spells its fields in snake_case");

        var print = await page.GotoAsync("/offers/print");
        print!.Status.Should().Be(200);
        (await print.HeaderValueAsync("content-type")).Should().StartWith("text/html");
        (await page.ContentAsync()).Should().Contain("size: A4");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Aarhus");
        await page.Done();
    }

    [WebFact]
    public async Task An_administrator_creates_a_system_client_and_sees_the_secret_exactly_once()
    {
        var name = $"Journalsystem {Tag()}";
        var admin = await browser.SignedIn(app, Admin, "/admin/clients");
        await admin.GetByLabel("Systemets navn").FillAsync(name);
        await admin.Locator("#f-organisationId").SelectOptionAsync(new SelectOptionValue { Label = "Lægerne i Trøjborg (Almen praksis)" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Opret klienten" }).ClickAsync();

        await Assertions.Expect(admin.Locator("#client-secret")).ToBeVisibleAsync();
        var clientId = await admin.Locator("#client-id").InnerTextAsync();
        var secret = await admin.Locator("#client-secret").InnerTextAsync();
        secret.Length.Should().BeGreaterThan(20);
        admin.Url.Should().NotContain(secret).And.NotContain(clientId);

        // The secret works once copied.
        using (var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) })
        {
            var token = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = clientId,
                ["client_secret"] = secret,
                ["scope"] = "api",
            }));
            token.StatusCode.Should().Be(HttpStatusCode.OK, await token.Content.ReadAsStringAsync());
        }

        // Reloading shows it no more, and neither does the list.
        await admin.ReloadAsync();
        await Assertions.Expect(admin.Locator("#secret-gone")).ToBeVisibleAsync();
        (await admin.ContentAsync()).Should().NotContain(secret);
        await admin.GotoAsync("/admin/clients");
        var row = admin.Locator("#clients tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToContainTextAsync(clientId);
        (await admin.ContentAsync()).Should().NotContain(secret);

        // A new secret is shown once too; then the client is disabled.
        await row.GetByRole(AriaRole.Button, new() { Name = "Ny hemmelighed" }).ClickAsync();
        var rotated = await admin.Locator("#client-secret").InnerTextAsync();
        rotated.Should().NotBe(secret);
        await admin.GotoAsync("/admin/clients");
        row = admin.Locator("#clients tbody tr", new() { HasText = name });
        await row.GetByText("Deaktivér …").ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Deaktivér klienten" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".alert-success")).ToContainTextAsync("Klienten er deaktiveret.");
        await Assertions.Expect(admin.Locator("#clients tbody tr", new() { HasText = name })).ToContainTextAsync("Deaktiveret");
        await admin.Done();
    }

    [WebFact]
    public async Task An_administrator_creates_a_guide_account_and_the_guide_signs_in()
    {
        var tag = Tag();
        var userName = $"guide.{tag}";
        var admin = await browser.SignedIn(app, Admin, "/admin/accounts");
        await admin.Locator("#f-displayName").FillAsync($"Ny Guide {tag}");
        await admin.Locator("#f-userName").FillAsync(userName);
        await admin.Locator("#f-roles-Guide").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Opret kontoen" }).ClickAsync();

        await Assertions.Expect(admin.Locator("#account-username")).ToHaveTextAsync(userName);
        var oneTime = await admin.Locator("#one-time-password").InnerTextAsync();
        oneTime.Length.Should().BeGreaterThan(8);
        admin.Url.Should().NotContain(oneTime);
        await admin.ReloadAsync();
        await Assertions.Expect(admin.Locator("#password-gone")).ToBeVisibleAsync();
        (await admin.ContentAsync()).Should().NotContain(oneTime);
        await admin.GotoAsync("/admin/accounts");
        await Assertions.Expect(admin.Locator("#accounts tbody tr", new() { HasText = userName })).ToContainTextAsync("Skal skifte adgangskode");
        await admin.Done();

        // The guide signs in with the one-time password, chooses their own, and lands in their (empty) queue.
        var guide = await browser.NewPage(app);
        await guide.GotoAsync("/queue");
        await guide.Locator("#userName").FillAsync(userName);
        await guide.Locator("#password").FillAsync(oneTime);
        await guide.Locator("button[type=submit]").ClickAsync();
        await guide.Locator("#currentPassword").FillAsync(oneTime);
        await guide.Locator("#newPassword").FillAsync("Tusind-Fugle-Over-9");
        await guide.Locator("#confirmPassword").FillAsync("Tusind-Fugle-Over-9");
        await guide.Locator("button[type=submit]").ClickAsync();
        await guide.WaitForURLAsync("**/queue");
        await Assertions.Expect(guide.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mine sager");
        await Assertions.Expect(guide.Locator(".lw-user")).ToContainTextAsync($"Ny Guide {tag}");
        await guide.Done();
    }

    [WebFact]
    public async Task An_administrator_sees_a_planned_reminder_with_its_due_time()
    {
        var (_, caseId) = await Scenes.ACase(app, "guide1.aarhus", consent: true);
        var due = app.Clock.GetUtcNow().AddDays(3);
        var followUp = await app.SendAs("guide1.aarhus", new PlanFollowUpCommand(due, FollowUpKind.GuideTask, "Ring") { CaseId = caseId });

        var admin = await browser.SignedIn(app, Admin, "/admin/reminders?status=Planned");
        await Assertions.Expect(admin.Locator("#reminders tbody")).ToContainTextAsync(LinkWorker.Web.Localization.DanishFormat.DateTime(followUp.DueAt));
        await admin.Done();
    }

    [WebFact]
    public async Task A_guide_opening_an_administrator_or_directory_page_is_not_allowed()
    {
        var guide = await browser.SignedIn(app, "guide1.aarhus", "/queue");
        foreach (var path in new[] { "/offers", "/offers/new", "/offers/import", "/offers/gaps", "/admin/clients", "/admin/clients/secret", "/admin/outbox", "/admin/reminders", "/admin/accounts", "/admin/accounts/password" })
        {
            var response = await guide.GotoAsync(path);
            response!.Status.Should().Be(403, $"a guide may not open {path}");
            await Assertions.Expect(guide.Locator("#not-allowed")).ToBeVisibleAsync();
            await Assertions.Expect(guide.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ingen adgang");
        }

        (await guide.GotoAsync("/offers/export"))!.Status.Should().Be(403);
        await Assertions.Expect(guide.GetByRole(AriaRole.Link, new() { Name = "Tilbudsoversigt" })).ToHaveCountAsync(0);
        await guide.Done();

        // Each role keeps to its own: the directory editor is no administrator, nor the administrator an editor.
        var editor = await browser.SignedIn(app, Editor, "/offers");
        (await editor.GotoAsync("/admin/clients"))!.Status.Should().Be(403);
        (await editor.GotoAsync("/offers/gaps"))!.Status.Should().Be(403);
        await editor.Done();
        var admin = await browser.SignedIn(app, Admin, "/admin/clients");
        (await admin.GotoAsync("/offers"))!.Status.Should().Be(403);
        await admin.Done();
    }

    [WebFact]
    public async Task Every_page_passes_axe_and_fits_a_phone()
    {
        var (_, caseId) = await Scenes.ACase(app, "guide1.aarhus", consent: true);
        await app.SendAs("guide1.aarhus", new PlanFollowUpCommand(app.Clock.GetUtcNow().AddDays(3), FollowUpKind.CheckInCall, "Ring") { CaseId = caseId });
        var offerId = await app.WithDatabase(db => db.Offers.IgnoreQueryFilters().Where(o => o.MunicipalityCode == "0751" && o.ArchivedAt == null).Select(o => o.Id).FirstAsync());

        foreach (var width in new[] { 1280, PageTests<TApp>.PhoneWidth })
        {
            var editor = await browser.SignedIn(app, Editor, "/offers", width);
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GotoAsync("/offers?show=stale&interest=Crafts");
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GotoAsync("/offers/new");
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GetByRole(AriaRole.Button, new() { Name = "Opret tilbuddet" }).ClickAsync();
            await Assertions.Expect(editor.Locator("#error-summary")).ToBeVisibleAsync();
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GotoAsync($"/offers/{offerId}");
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GotoAsync("/offers/import");
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.Locator("#f-csv").SetInputFilesAsync(new FilePayload
            {
                Name = "fejl.csv",
                MimeType = "text/csv",
                Buffer = Encoding.UTF8.GetBytes("externalId;name;colour\nx-1;;blå\n"),
            });
            await editor.GetByRole(AriaRole.Button, new() { Name = "Importér filen" }).ClickAsync();
            await Assertions.Expect(editor.Locator("#import-errors")).ToBeVisibleAsync();
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.GotoAsync("/admin/clients");
            await editor.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await editor.Done();

            var coordinator = await browser.SignedIn(app, "coordinator.aarhus", "/offers/gaps", width);
            await Assertions.Expect(coordinator.Locator("#gaps-summary")).ToBeVisibleAsync();
            await coordinator.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await coordinator.Done();

            var admin = await browser.SignedIn(app, Admin, "/admin/clients", width);
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GetByLabel("Systemets navn").FillAsync($"System {Tag()}");
            await admin.Locator("#f-organisationId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await admin.GetByRole(AriaRole.Button, new() { Name = "Opret klienten" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#client-secret")).ToBeVisibleAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.ReloadAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GotoAsync("/admin/clients");
            await Assertions.Expect(admin.Locator("#clients")).ToBeVisibleAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GotoAsync("/admin/reminders");
            await Assertions.Expect(admin.Locator("#reminders")).ToBeVisibleAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GotoAsync("/admin/accounts");
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Opret kontoen" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#error-summary")).ToBeVisibleAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.Locator("#accounts tbody tr a", new() { HasText = "Fællesskabsguide 1" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#account-facts")).ToBeVisibleAsync();
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.GotoAsync("/admin/outbox");
            await admin.ShouldBeAccessibleAt(width, PageTests<TApp>.PhoneWidth);
            await admin.Done();
        }
    }

    [WebFact]
    public async Task The_offer_form_can_be_filled_and_sent_with_the_keyboard_alone()
    {
        var tag = Tag();
        var page = await browser.SignedIn(app, Editor, "/offers/new");
        await page.Locator("body").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Gå til sidens indhold" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.TabTo("#f-name");
        await page.Keyboard.TypeAsync($"Tastaturklub {tag}");
        await page.TabTo("#f-strategy");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.TabTo("#f-type");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.TabTo("#f-interests-Games");
        await page.Keyboard.PressAsync("Space");
        await page.TabTo("#f-organiser-name");
        await page.Keyboard.TypeAsync("Spilleklubben");
        await page.TabTo("#f-location-postcode");
        await page.Keyboard.TypeAsync("8000");
        await page.TabTo("#f-contact-name");
        await page.Keyboard.TypeAsync("Kim Kort");
        await page.TabTo("#offer-form button[type=submit]");
        (await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle")).Should().NotBe("none", "focus is visible");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Tilbuddet er oprettet.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Tastaturklub {tag}");
        await Assertions.Expect(page.Locator("#f-strategy")).ToHaveValueAsync("SocialNetwork");
        await Assertions.Expect(page.Locator("#f-interests-Games")).ToBeCheckedAsync();
        await page.Done();
    }

    private static string Tag() => "t" + Guid.NewGuid().ToString("N")[..8];
}

public sealed class DirectoryAndAdminTests_Sqlite(BrowserFixture browser, SqliteWebApp app) : DirectoryAndAdminTests<SqliteWebApp>(browser, app);

public sealed class DirectoryAndAdminTests_Postgres(BrowserFixture browser, PostgresWebApp app) : DirectoryAndAdminTests<PostgresWebApp>(browser, app), IUsesPostgres;
