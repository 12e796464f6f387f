using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Support;

/// <summary>What a person does in the browser: sign in through the provider's form, fill fields by their labels.</summary>
public static partial class Browsing
{
    /// <summary>Opens a page as a person: the OpenID Connect code flow through the sign-in form, then the path.</summary>
    public static async Task<IPage> SignedIn(this BrowserFixture browser, WebAppFactory app, string userName, string path = "/", int width = 1280)
    {
        if (browser.Browser is null)
        {
            throw new InvalidOperationException($"Chromium is missing at {BrowserFixture.ChromiumPath}: apt-get install -y chromium (.ci/run does it).");
        }

        var page = await browser.NewPage(app, width);
        await page.GotoAsync(path);
        await SignInOnForm(page, userName);
        if (new Uri(page.Url).AbsolutePath != path.Split('?', '#')[0])
        {
            await page.GotoAsync(path);
        }

        return page;
    }

    /// <summary>On the provider's sign-in form (if it is shown): user name, password, submit; back at the app.</summary>
    public static async Task SignInOnForm(IPage page, string userName)
    {
        if (!page.Url.Contains("/account/signin", StringComparison.Ordinal))
        {
            return;
        }

        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(WebAppFactory.DemoPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal) && !url.Contains("/connect/", StringComparison.Ordinal));
    }

    public static async Task Done(this IPage page) => await page.Context.CloseAsync();

    /// <summary>
    /// A page as every browser test checks it: axe at desk width (serious and critical only), no sideways scrolling at
    /// <paramref name="width"/>, one h1 first and no skipped heading level.
    /// </summary>
    public static async Task ShouldBeAccessibleAt(this IPage page, int width, int phoneWidth)
    {
        if (width != phoneWidth)
        {
            await page.ShouldPassAxe();
        }

        await page.ShouldFitWidth(width);
        var headings = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('main h1, main h2, main h3, main h4')].map(h => +h.tagName[1])");
        headings.Should().NotBeEmpty().And.Subject.First().Should().Be(1, $"{page.Url} starts with one h1");
        headings.Zip(headings.Skip(1)).Should().NotContain(p => p.Second > p.First + 1, $"headings on {page.Url} do not skip a level");
    }

    /// <summary>Tabs until the element has the focus (at most 80 stops): the order is the page's own.</summary>
    public static async Task TabTo(this IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"{selector} was not reached with the Tab key.");
    }

    /// <summary>axe on the page as it is: no violation of impact serious or critical (WCAG 2.1 AA rules).</summary>
    public static async Task ShouldPassAxe(this IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}")
            .ToList();
        serious.Should().BeEmpty($"axe found serious problems on {page.Url}");
    }

    /// <summary>Nothing wider than the viewport: no sideways scrolling on a phone.</summary>
    public static async Task ShouldFitWidth(this IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        var widest = scrollWidth <= width ? "" : await page.EvaluateAsync<string>(@"w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
            .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(' | ')", width);
        scrollWidth.Should().BeLessThanOrEqualTo(width, $"{page.Url} must not scroll sideways at {width} px ({widest})");
    }

    /// <summary>A CPR number with a valid date that no other test uses (born in the 1950s, 7th digit 0–3).</summary>
    public static string NewCpr()
    {
        var random = Random.Shared;
        return $"{random.Next(1, 29):00}{random.Next(1, 13):00}{random.Next(40, 60):00}{random.Next(0, 4)}{random.Next(0, 1000):000}";
    }

    public static string NewName() => $"Borger {Guid.NewGuid().ToString("N")[..6]} Testesen";

    [GeneratedRegex("fællesskabsguide (?<name>.+?)(?: i distrikt (?<district>.+))?\\.$")]
    public static partial Regex SentToGuide();
}
