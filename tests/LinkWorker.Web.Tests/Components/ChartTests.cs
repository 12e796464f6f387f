using System.Globalization;
using Bunit;
using LinkWorker.Web.Components.Shared.Charts;
using LinkWorker.Web.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace LinkWorker.Web.Tests.Components;

/// <summary>The report chart's own logic: bars to scale, hidden figures drawn as no bar, markers, the data table.</summary>
public sealed class ChartTests : BunitContext
{
    public ChartTests()
    {
        Services.AddScoped<Text>();
        CultureInfo.CurrentUICulture = new CultureInfo("da");
        CultureInfo.CurrentCulture = new CultureInfo("da");
    }

    [Fact]
    public void Bars_are_drawn_to_scale_and_a_hidden_figure_draws_no_bar_but_keeps_its_row()
    {
        var chart = Render<BarChart>(p => p
            .Add(c => c.Id, "c")
            .Add(c => c.Title, "Henvisninger")
            .Add(c => c.Summary, "Flest fra almen praksis.")
            .Add(c => c.LabelHeader, "Sektor")
            .Add(c => c.ValueHeader, "Antal")
            .Add(c => c.Bars, [ChartData.CountBar("GP", "Almen praksis", 20), ChartData.CountBar("HomeCare", "Hjemmepleje", 10), ChartData.HiddenBar("Other", "Andet")]));

        var bars = chart.FindAll("rect.lw-chart-bar");
        bars.Should().HaveCount(2);
        var widths = bars.Select(b => double.Parse(b.GetAttribute("width")!, CultureInfo.InvariantCulture)).ToList();
        widths[0].Should().BeApproximately(2 * widths[1], 0.2);
        widths[0].Should().BeLessThanOrEqualTo(BarChart.Width);

        var rows = chart.FindAll("#c-table tbody tr");
        rows.Select(r => (r.GetAttribute("data-key"), r.QuerySelector("td")!.TextContent)).Should()
            .Equal(("GP", "20"), ("HomeCare", "10"), ("Other", "x"));
        chart.Find("svg").GetAttribute("aria-labelledby").Should().Be("c-title c-caption");
        chart.Find("figcaption").TextContent.Should().Be("Flest fra almen praksis.");
        chart.Find("label[for=c-show-table]").TextContent.Should().Be("Vis som tabel");
    }

    [Fact]
    public void A_histogram_puts_its_median_and_90th_percentile_lines_where_their_days_are()
    {
        var days = ChartData.Breakdown(40, ChartData.Days([(0, 10), (1, 10), (3, 10), (9, 10)]))!;
        var chart = Render<BarChart>(p => p
            .Add(c => c.Id, "h")
            .Add(c => c.Title, "Dage")
            .Add(c => c.Summary, "…")
            .Add(c => c.LabelHeader, "Dage")
            .Add(c => c.ValueHeader, "Sager")
            .Add(c => c.Vertical, true)
            .Add(c => c.Bars, days)
            .Add(c => c.Markers, [new ChartMarker(1.5, "median"), new ChartMarker(9, "90 %")]));

        days.Select(d => d.Display).Should().Equal("10", "10", "0", "10", "0", "0", "0", "0", "0", "10");
        var columns = chart.FindAll("rect.lw-chart-bar");
        columns.Should().HaveCount(10);
        var x = columns.Select(c => double.Parse(c.GetAttribute("x")!, CultureInfo.InvariantCulture)).ToList();
        var width = x[1] - x[0];

        var lines = chart.FindAll("line.lw-chart-marker").Select(l => double.Parse(l.GetAttribute("x1")!, CultureInfo.InvariantCulture)).ToList();
        lines[0].Should().BeApproximately(x[0] - 1 + (1.5 * width), 0.2, "day 1.5 is halfway through the second column");
        lines[1].Should().BeApproximately(x[9] - 1, 0.2, "day 9 starts the tenth column");
        chart.FindAll("#h-table tr.lw-chart-marker-row th").Select(t => t.TextContent).Should().Equal("median", "90 %");
    }

    [Fact]
    public void A_breakdown_hides_small_cells_and_the_cell_that_would_give_one_away_as_the_CSV_does()
    {
        // 16 + 4 = 20: with the 4 hidden and the total shown, 16 would give it away, so it is hidden too.
        ChartData.Breakdown(20, [("a", "A", 16), ("b", "B", 4)])!.Select(b => b.Display).Should().Equal("x", "x");
        ChartData.Breakdown(25, [("a", "A", 15), ("b", "B", 6), ("c", "C", 4)])!.Select(b => b.Display).Should().Equal("15", "x", "x");
        ChartData.Breakdown(30, [("a", "A", 20), ("b", "B", 10)])!.Select(b => b.Value).Should().Equal(20, 10);
    }

    [Fact]
    public void A_breakdown_that_cannot_be_protected_is_withheld_and_the_chart_says_so()
    {
        var withheld = ChartData.Breakdown(5, [("a", "A", 1), ("b", "B", 1), ("c", "C", 1), ("d", "D", 1), ("e", "E", 1)]);
        withheld.Should().BeNull();

        var chart = Render<BarChart>(p => p
            .Add(c => c.Id, "w").Add(c => c.Title, "T").Add(c => c.Summary, "S").Add(c => c.LabelHeader, "L").Add(c => c.ValueHeader, "V")
            .Add(c => c.Bars, withheld));
        chart.FindAll("svg").Should().BeEmpty();
        chart.Find("#w-withheld").TextContent.Should().Contain("tilbageholdt");
    }

    [Fact]
    public void A_share_is_hidden_when_its_numerator_or_denominator_is_small()
    {
        ChartData.Share("s", "S", 10, 3, 0.3).Display.Should().Be("x");
        ChartData.Share("s", "S", 3, 3, 1.0).Display.Should().Be("x");
        ChartData.Share("s", "S", 20, 10, 0.5).Value.Should().Be(50);
        ChartData.Derived(4, 2.5).Should().BeNull();
        ChartData.Derived(5, 2.5).Should().Be(2.5);
    }
}
