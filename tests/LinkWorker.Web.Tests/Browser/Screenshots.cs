using LinkWorker.Web.Tests.Support;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>Runs only when asked (tools/screenshots.sh sets LINKWORKER_SCREENSHOTS=1).</summary>
public sealed class ScreenshotFactAttribute : FactAttribute
{
    public ScreenshotFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("LINKWORKER_SCREENSHOTS") != "1")
        {
            Skip = "Screenshots are made on request: tools/screenshots.sh";
        }
    }
}

/// <summary>Pictures of each page of part 1, desk and phone width, into docs/screenshots/ (rerun to refresh them).</summary>
[Collection(BrowserGroup.Name)]
[Trait("Category", "Screenshots")]
public sealed class Screenshots(BrowserFixture browser, SqliteWebApp app) : IClassFixture<SqliteWebApp>
{
    [ScreenshotFact]
    public async Task Each_page_is_photographed()
    {
        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var (referralId, caseId) = await Scenes.ACaseWithHistory(app, "guide1.aarhus");

        foreach (var (width, suffix) in new[] { (1280, ""), (390, "-phone") })
        {
            var gp = await browser.SignedIn(app, "gp.aarhus", "/referrals/new", width);
            await Shoot(gp, folder, $"referral-form{suffix}");
            await gp.GetByRole(AriaRole.Button, new() { Name = "Send henvisningen" }).ClickAsync();
            await Shoot(gp, folder, $"referral-form-errors{suffix}");
            await gp.GotoAsync($"/referrals/sent/{referralId}");
            await Shoot(gp, folder, $"referral-sent{suffix}");
            await gp.GotoAsync("/referrals");
            await Shoot(gp, folder, $"my-referrals{suffix}");
            await gp.Done();

            var guide = await browser.SignedIn(app, "guide1.aarhus", "/queue", width);
            await Shoot(guide, folder, $"queue{suffix}");
            await guide.GotoAsync($"/cases/{caseId}");
            await Shoot(guide, folder, $"case{suffix}");
            await guide.GotoAsync("/tasks");
            await Shoot(guide, folder, $"tasks{suffix}");
            await guide.Done();

            // The coordinator's pages (issue 14).
            var coordinator = await browser.SignedIn(app, "coordinator.aarhus", "/triage", width);
            foreach (var (path, name) in new[]
                     {
                         ("/triage", "triage"), ($"/triage/{caseId}", "assign"), ("/guides", "guides"), ("/settings", "settings"),
                         ("/outcomes", "outcomes"), ($"/cases/{caseId}/audit", "audit-trail"),
                     })
            {
                await coordinator.GotoAsync(path);
                await Shoot(coordinator, folder, $"{name}{suffix}");
            }

            await coordinator.Done();
        }

        Directory.GetFiles(folder, "*.png").Should().HaveCountGreaterThanOrEqualTo(26);
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
