using LinkWorker.Domain.Auditing;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>The case's audit trail a page at a time (issue 14, ADR 31): newest first, older pages by keyboard, filters kept.</summary>
public abstract partial class CoordinatorTests<TApp>
{
    [WebFact]
    public async Task The_audit_trail_shows_the_newest_entries_and_pages_to_older_ones_by_keyboard_keeping_the_filter()
    {
        var (name, caseId) = await TriagedCase("coordinator.aarhus", "8000");

        // Sixty reads two days ago, one a minute, each under its own action name (shown as it is): one page and ten.
        var day = new DateTimeOffset(app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-2).AddHours(9), TimeSpan.Zero);
        var seeded = Enumerable.Range(0, 60).Select(i => $"Seeded{i:D2}").ToList();
        await app.WithDatabase(db =>
        {
            db.AuditEntries.AddRange(seeded.Select((action, i) =>
                new AuditEntry(Guid.NewGuid(), day.AddMinutes(i), null, "", "0751", action, "Case", caseId, null, "Succeeded")));
            return db.SaveChangesAsync();
        });

        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/cases/{caseId}/audit");
        var actions = page.Locator("#audit tbody tr td:nth-child(3)");
        await Assertions.Expect(actions).ToHaveCountAsync(50);
        (await actions.First.InnerTextAsync()).Should().NotStartWith("Seeded", "today's reads are the newest");
        await Assertions.Expect(page.Locator("#audit-count")).ToHaveTextAsync("Viser de 50 nyeste hændelser.");

        // The day of the seeded reads only, by keyboard: the filter goes into the address with the older pages.
        await page.Locator("input[name=last]").FillAsync(Iso(DateOnly.FromDateTime(day.UtcDateTime)));
        await page.Locator("input[name=last]").PressAsync("Enter");
        await page.WaitForURLAsync("**last=*");
        await Assertions.Expect(actions).ToHaveCountAsync(50);
        var first = await actions.AllInnerTextsAsync();
        first.Should().Equal(seeded.AsEnumerable().Reverse().Take(50), "newest first");

        await page.TabTo("#audit-older");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**cursor=*");
        page.Url.Should().Contain("last=").And.NotContain(name.Split(' ')[0]);
        await Assertions.Expect(actions).ToHaveCountAsync(10);
        (await actions.AllInnerTextsAsync()).Should().Equal(seeded.AsEnumerable().Reverse().Skip(50), "the older ten, none twice");
        await Assertions.Expect(page.Locator("#audit-older")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#audit-count")).ToHaveTextAsync("Viser 10 ældre hændelser.");
        await page.ShouldBeAccessibleAt(1280, PageTests<TApp>.PhoneWidth);
        await page.SetViewportSizeAsync(PageTests<TApp>.PhoneWidth, 800);
        await page.ShouldBeAccessibleAt(PageTests<TApp>.PhoneWidth, PageTests<TApp>.PhoneWidth);

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("The case's audit trail");
        await Assertions.Expect(page.Locator("#audit-count")).ToHaveTextAsync("Showing 10 older events.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the newest" }).ClickAsync();
        await Assertions.Expect(page.Locator("#audit-count")).ToHaveTextAsync("Showing the 50 newest events.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older events" })).ToBeVisibleAsync();
        page.Url.Should().Contain("last=").And.NotContain("cursor=");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dansk" }).ClickAsync();
        await page.Done();
    }
}
