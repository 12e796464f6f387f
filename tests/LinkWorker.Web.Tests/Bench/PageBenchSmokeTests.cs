using LinkWorker.PageBench;

namespace LinkWorker.Web.Tests.Bench;

/// <summary>
/// The page bench (bench/LinkWorker.PageBench) in its smoke mode: 200 cases on SQLite, a few requests per page.
/// Times nothing (the budgets are measured by the bench itself, docs/performance.md); it keeps the bench from
/// rotting when pages, sign-in or seeding change.
/// </summary>
public sealed class PageBenchSmokeTests
{
    [Fact]
    public async Task The_page_bench_signs_in_requests_every_page_and_weighs_its_scripts_and_styles()
    {
        await using var output = new StringWriter();

        var runs = await new PageRun(BenchOptions.Smoke, output).RunAsync(CancellationToken.None);

        var run = runs.Should().ContainSingle().Subject;
        run.Cases.Should().Be(200);
        run.GuideOpenCases.Should().BePositive("the guide's queue and case page need cases");
        // Every request answered 200 at the page asked for (PageRun throws otherwise), and the server saw each.
        run.Pages.Select(p => p.Page).Should().Equal(Pages.All);
        run.Pages.Concat(run.References).Should().OnlyContain(p => p.Times.Count == BenchOptions.Smoke.Requests && p.Server.Count == BenchOptions.Smoke.Requests);
        run.Pages.Should().OnlyContain(p => p.HtmlBytes > 0 && p.Server.All(s => s.Commands > 0), "every page reads the database (at least its user)");
        run.Weights.Should().HaveCount(Pages.All.Length).And.OnlyContain(w => w.Assets.Count >= 2 && w.Transferred > 0 && w.Decoded >= w.Transferred);
        output.ToString().Should().Contain("| guide: queue | `/queue` |").And.Contain("under 300 KB");
    }
}
