using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Support;

/// <summary>
/// One headless Chromium for the whole test run (Debian's, since Playwright cannot download its own here).
/// Each test gets a fresh context: its own cookies, so its own signed-in person.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            // The tests are skipped (WebFact) unless a browser is required; then they fail on the missing browser.
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    public async Task<IPage> NewPage(WebAppFactory app, int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "da-DK",
            TimezoneId = "Europe/Copenhagen",
        });
        // Generous: the machines running CI are shared and slow at times.
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
