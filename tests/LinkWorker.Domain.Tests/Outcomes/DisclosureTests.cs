using FsCheck;
using FsCheck.Fluent;
using LinkWorker.Domain.Outcomes;

namespace LinkWorker.Domain.Tests.Outcomes;

public sealed class DisclosureTests
{
    // Breakdowns of 1–6 categories, mostly small counts (where suppression happens), some large; the total is their sum.
    private static readonly Arbitrary<int[]> Breakdowns =
        Gen.Choose(1, 6).SelectMany(n => Gen.Frequency(
                (3, Gen.Choose(1, 4)),
                (1, Gen.Constant(0)),
                (2, Gen.Choose(5, 25)))
            .ArrayOf(n)).ToArbitrary();

    [Fact]
    public void The_issues_example_hides_the_large_cell_too_so_neither_small_cell_is_1_by_subtraction()
    {
        // Total 18: GeneralPractice 16, HomeCare 1, JobCentre 1.
        var result = Disclosure.Protect(18, [16, 1, 1]);

        result.Withheld.Should().BeFalse();
        result.Hidden.Should().Equal(true, true, true);
    }

    [Fact]
    public void A_lone_small_cell_under_a_shown_total_takes_the_smallest_shown_cell_with_it()
    {
        var result = Disclosure.Protect(36, [20, 9, 6, 1]);

        result.Hidden.Should().Equal(false, false, true, true);
    }

    [Fact]
    public void Two_small_cells_that_could_be_anything_from_1_up_need_nothing_more()
    {
        // 30 − 20 − 5 = 5 over two hidden cells: 1+4, 2+3, 3+2 or 4+1.
        Disclosure.Protect(30, [20, 5, 3, 2]).Hidden.Should().Equal(false, false, true, true);
    }

    [Fact]
    public void A_lone_small_cell_equal_to_a_hidden_total_stays_unknown()
    {
        // Total 3 is hidden (1–4); the only category is the whole total, still somewhere in 1–4.
        var result = Disclosure.Protect(3, [3]);

        result.Withheld.Should().BeFalse();
        result.Hidden.Should().Equal(true);
    }

    [Fact]
    public void Four_categories_under_a_hidden_total_would_each_be_1_so_the_breakdown_is_withheld() =>
        Disclosure.Protect(4, [1, 1, 1, 1]).Withheld.Should().BeTrue();

    [Fact]
    public void Five_ones_under_a_shown_total_of_5_cannot_be_protected_and_are_withheld() =>
        Disclosure.Protect(5, [1, 1, 1, 1, 1]).Withheld.Should().BeTrue();

    [Fact]
    public void No_suppressed_cell_can_be_worked_out_from_the_total_and_the_shown_cells() =>
        Prop.ForAll(Breakdowns, cells =>
        {
            var total = cells.Sum();
            var result = Disclosure.Protect(total, cells);
            if (result.Withheld)
            {
                // Only when hiding every category was not enough.
                return cells.Select((c, i) => c == 0 || result.Hidden[i]).All(h => h);
            }

            var noSmallCellShown = cells.Select((c, i) => !Disclosure.IsSmall(c) || result.Hidden[i]).All(ok => ok);
            int? shownTotal = Disclosure.IsSmall(total) ? null : total;
            return noSmallCellShown && PossibleValues(shownTotal, cells, result.Hidden).All(values => values.Count >= 2);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Only_cells_of_1_to_4_are_hidden_when_that_is_enough() =>
        Prop.ForAll(Breakdowns, cells =>
        {
            var result = Disclosure.Protect(cells.Sum(), cells);
            var primary = cells.Select(Disclosure.IsSmall).ToList();
            int? shownTotal = Disclosure.IsSmall(cells.Sum()) ? null : cells.Sum();
            var primaryIsSafe = PossibleValues(shownTotal, cells, primary).All(values => values.Count >= 2);
            return !primaryIsSafe || result.Hidden.SequenceEqual(primary);
        }).QuickCheckThrowOnFailure();

    /// <summary>
    /// The oracle, by enumeration rather than the closed form: every table a reader could believe (hidden total
    /// 1–4 or the shown one; each hidden cell at least 1; shown cells as shown), and the values each hidden cell
    /// takes in them.
    /// </summary>
    private static List<HashSet<int>> PossibleValues(int? shownTotal, IReadOnlyList<int> cells, IReadOnlyList<bool> hidden)
    {
        var shown = cells.Where((_, i) => !hidden[i]).Sum();
        var hiddenCount = hidden.Count(h => h);
        var values = Enumerable.Range(0, hiddenCount).Select(_ => new HashSet<int>()).ToList();
        IEnumerable<int> totals = shownTotal is { } t ? [t] : Enumerable.Range(1, Disclosure.SmallestCount - 1);
        foreach (var total in totals)
        {
            Enumerate(total - shown, hiddenCount, values);
        }

        return values;
    }

    /// <summary>For each hidden cell, the values v for which the other hidden cells (each at least 1) can make up the rest.</summary>
    private static void Enumerate(int remaining, int hiddenCount, List<HashSet<int>> values)
    {
        if (remaining < 1)
        {
            return;
        }

        // The sums the other hidden cells can reach, built up one cell at a time.
        var reach = new HashSet<int> { 0 };
        for (var j = 0; j < hiddenCount - 1; j++)
        {
            reach = reach.SelectMany(s => Enumerable.Range(1, remaining).Select(v => s + v)).Where(s => s <= remaining).ToHashSet();
        }

        for (var i = 0; i < hiddenCount; i++)
        {
            values[i].UnionWith(Enumerable.Range(1, remaining).Where(v => reach.Contains(remaining - v)));
        }
    }
}
