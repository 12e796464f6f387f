using System.Text;
using LinkWorker.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>Pictures of the directory editor's and administrator's pages, desk and phone width, into docs/screenshots/.</summary>
[Collection(BrowserGroup.Name)]
[Trait("Category", "Screenshots")]
public sealed class ScreenshotsDirectoryAdmin(BrowserFixture browser, SqliteWebApp app) : IClassFixture<SqliteWebApp>
{
    [ScreenshotFact]
    public async Task Each_directory_and_administrator_page_is_photographed()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var offerId = await app.WithDatabase(db => db.Offers.IgnoreQueryFilters().Where(o => o.MunicipalityCode == "0751").Select(o => o.Id).FirstAsync());
        var csv = "externalId;name;organiser;strategy;type;modes;postcode;contactName\n"
            + "s-1;Strikkecafé;Viby Kirke;SocialNetwork;MeetingPlace;InPerson;8260;Grethe Sørensen\n"
            + "s-2;Gåtur;DN Aarhus;SocialNetwork;SocialActivity;InPerson;82;Hans Hansen\n";

        foreach (var (width, suffix) in new[] { (1280, ""), (390, "-phone") })
        {
            var editor = await browser.SignedIn(app, "directory.aarhus", "/offers", width);
            await Shoot(editor, folder, $"offers{suffix}");
            await editor.GotoAsync($"/offers/{offerId}");
            await Shoot(editor, folder, $"offer{suffix}");
            await editor.GotoAsync("/offers/import");
            await editor.Locator("#f-csv").SetInputFilesAsync(new FilePayload { Name = "tilbud.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
            await editor.GetByRole(AriaRole.Button, new() { Name = "Importér filen" }).ClickAsync();
            await Shoot(editor, folder, $"offers-import{suffix}");
            await editor.Done();

            var coordinator = await browser.SignedIn(app, "coordinator.aarhus", "/offers/gaps", width);
            await Shoot(coordinator, folder, $"offers-gaps{suffix}");
            await coordinator.Done();

            var admin = await browser.SignedIn(app, "admin.aarhus", "/admin/clients", width);
            await admin.GetByLabel("Systemets navn").FillAsync($"Journalsystem {suffix}");
            await admin.Locator("#f-organisationId").SelectOptionAsync(new SelectOptionValue { Index = 1 });
            await admin.GetByRole(AriaRole.Button, new() { Name = "Opret klienten" }).ClickAsync();
            await Shoot(admin, folder, $"client-secret{suffix}");
            await admin.GotoAsync("/admin/clients");
            await Shoot(admin, folder, $"clients{suffix}");
            await admin.GotoAsync("/admin/accounts");
            await Shoot(admin, folder, $"accounts{suffix}");
            await admin.Locator("#accounts tbody tr a").First.ClickAsync();
            await Shoot(admin, folder, $"account{suffix}");
            await admin.GotoAsync("/admin/reminders");
            await Shoot(admin, folder, $"reminders{suffix}");
            await admin.GotoAsync("/admin/outbox");
            await Shoot(admin, folder, $"outbox{suffix}");
            await admin.Done();
        }
    }

    private static async Task Shoot(IPage page, string folder, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LinkWorker.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LinkWorker.sln not found above the test output.");
    }
}
