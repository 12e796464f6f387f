using LinkWorker.Application.Reports;
using LinkWorker.Domain.Calendar;

namespace LinkWorker.Application.Tests.Reports;

/// <summary>
/// The arithmetic that lets the database count instead of returning every case (ADR 0037): which ranks the median
/// and 90th percentile read, which whole day each falls in, and the month boundaries in Danish time. No database.
/// </summary>
public sealed class FirstContactRankTests
{
    [Theory]
    [InlineData(1, new[] { 0 })]
    [InlineData(3, new[] { 1, 2 })]
    [InlineData(4, new[] { 1, 2, 3 })]
    [InlineData(10, new[] { 4, 5, 8 })]
    [InlineData(69919, new[] { 34959, 62927 })]
    public void The_median_and_90th_percentile_read_these_ranks(int count, int[] ranks) =>
        OutcomeFigures.FirstContactRanks(count).Should().Equal(ranks);

    [Fact]
    public void No_values_need_no_rank() => OutcomeFigures.FirstContactRanks(0).Should().BeEmpty();

    [Fact]
    public void A_rank_is_located_in_its_whole_day_and_its_place_among_that_days_values()
    {
        // Sorted: day 0 ×2 (ranks 0–1), day 3 ×3 (ranks 2–4), day 7 ×1 (rank 5).
        var distribution = new[] { new DayCount(0, 2), new DayCount(3, 3), new DayCount(7, 1) };

        ReportLoader.Locate(distribution, [1, 2, 4, 5]).Should().Equal((1, 0, 1), (2, 3, 0), (4, 3, 2), (5, 7, 0));
    }

    [Fact]
    public void The_figures_take_the_exact_values_at_those_ranks()
    {
        // Four contacted cases, 1.5, 2.5, 3.3 and 10 days; one not contacted.
        var counts = new CaseCounts(
            ["2024-03"],
            [new CaseDayCount(0, 1, 1), new CaseDayCount(0, 2, 1), new CaseDayCount(0, 3, 1), new CaseDayCount(0, 10, 1), new CaseDayCount(0, null, 1)],
            new Dictionary<int, double> { [1] = 2.5, [2] = 3.3, [3] = 10 });

        var figures = OutcomeFigures.FirstContact(counts);

        counts.Total.Should().Be(5);
        figures.CasesContacted.Should().Be(4);
        figures.Median.Should().Be(2.9);
        figures.Percentile90.Should().Be(10);
    }

    [Fact]
    public void Months_divide_the_period_at_Danish_midnight_on_the_first()
    {
        var (months, boundaries) = ReportLoader.Months(new DateOnly(2024, 2, 15), new DateOnly(2024, 4, 2));

        months.Should().Equal("2024-02", "2024-03", "2024-04");
        boundaries.Should().Equal(
            DanishTime.StartOf(new DateOnly(2024, 2, 15)),
            new DateTimeOffset(2024, 2, 29, 23, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2024, 3, 31, 22, 0, 0, TimeSpan.Zero),
            DanishTime.StartOf(new DateOnly(2024, 4, 2)));
    }
}
