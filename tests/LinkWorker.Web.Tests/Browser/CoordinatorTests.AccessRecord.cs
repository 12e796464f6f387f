using LinkWorker.Application.Cases.GetCase;
using LinkWorker.Testing;
using LinkWorker.Web.Tests.Support;
using Microsoft.Playwright;

namespace LinkWorker.Web.Tests.Browser;

/// <summary>The citizen's access record (issue 16, ADR 27) as the coordinator prints it for the citizen.</summary>
public abstract partial class CoordinatorTests<TApp>
{
    [WebFact]
    public async Task The_access_record_prints_everything_about_the_citizen_with_every_read_and_no_CPR_in_the_address()
    {
        var (_, caseId) = await Scenes.ACaseWithHistory(app, "guide1.aarhus");
        var citizen = (await app.SendAs("coordinator.aarhus", new GetCaseQuery(caseId))).Citizen;

        var page = await browser.SignedIn(app, "coordinator.aarhus", $"/triage/{caseId}");
        await page.Locator("#access-record-link").ClickAsync();
        await page.WaitForURLAsync($"**/citizens/{citizen.Id}/record");
        page.Url.Should().NotContain(citizen.CprNumber!, "the address names the citizen by id only");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Indsigt i personoplysninger");
        await Assertions.Expect(page.Locator("#record-citizen")).ToContainTextAsync(citizen.Name);
        await Assertions.Expect(page.Locator("#access-record")).ToContainTextAsync("Første møde.");
        await Assertions.Expect(page.Locator("#access-record")).ToContainTextAsync("Vil gerne synge");
        var log = page.Locator("#record-log tbody tr");
        await Assertions.Expect(log.Filter(new() { HasText = "Skrev en samtale" })).Not.ToHaveCountAsync(0);
        await Assertions.Expect(log.Filter(new() { HasText = "Henviste borgeren" })).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#print-record")).ToBeVisibleAsync();
        await page.ShouldBeAccessibleAt(1280, PageTests<TApp>.PhoneWidth);

        // Printed: the record without the navigation and the print button.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#print-record")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".lw-nav").First).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#record-log")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.SetViewportSizeAsync(PageTests<TApp>.PhoneWidth, 800);
        await page.ShouldBeAccessibleAt(PageTests<TApp>.PhoneWidth, PageTests<TApp>.PhoneWidth);

        // Producing it was itself a read of the citizen's data: the next one lists it.
        await page.ReloadAsync();
        await Assertions.Expect(log.Filter(new() { HasText = "Udarbejdede indsigt" })).Not.ToHaveCountAsync(0);
        await page.Done();

        var guide = await browser.SignedIn(app, "guide1.aarhus", $"/citizens/{citizen.Id}/record");
        await Assertions.Expect(guide.Locator("main")).Not.ToContainTextAsync(citizen.Name);
        await guide.Done();
    }
}
