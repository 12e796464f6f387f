namespace LinkWorker.Domain.Outcomes;

/// <summary>
/// Statistical disclosure control for the de-identified outcome export (docs/outcomes-csv.md). Primary suppression
/// hides every count from 1 to 4. Secondary (complementary) suppression hides more cells of a breakdown whose total
/// is published, until no hidden cell can be worked out from the total and the cells that are shown.
/// </summary>
/// <remarks>
/// What a reader knows of a breakdown: the shown cells exactly; that each hidden cell is at least 1 (categories
/// with no one are not listed); and the total exactly, or, when the total is hidden itself, that it is 1–4. All
/// hidden cells carry the same mark, so a reader cannot tell a small cell from a complementary one. A hidden cell is
/// derivable when these facts leave it one possible value. With S the total less the shown cells and k hidden cells:
/// one hidden cell is S (derivable when the total is shown); with k ≥ 2 each lies in [1, S − (k − 1)], derivable
/// only when S = k (every hidden cell is 1).
/// </remarks>
public static class Disclosure
{
    /// <summary>The smallest count shown; 1 to 4 are hidden.</summary>
    public const int SmallestCount = 5;

    public static bool IsSmall(int count) => count is > 0 and < SmallestCount;

    /// <summary>
    /// Which cells of a breakdown to hide. Cells 1–4 first; then, while a hidden cell is derivable, the smallest shown
    /// non-zero cell too (ties: the first). When every non-zero cell is hidden and one is still derivable (five
    /// categories of one each under a total of 5), the breakdown cannot be protected and is withheld whole.
    /// </summary>
    public static ProtectedBreakdown Protect(int total, IReadOnlyList<int> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var hidden = cells.Select(IsSmall).ToArray();
        int? shownTotal = IsSmall(total) ? null : total;
        while (Derivable(shownTotal, cells, hidden).Count > 0)
        {
            var next = Enumerable.Range(0, cells.Count).Where(i => !hidden[i] && cells[i] > 0)
                .OrderBy(i => cells[i]).ThenBy(i => i).DefaultIfEmpty(-1).First();
            if (next < 0)
            {
                return new ProtectedBreakdown(hidden, Withheld: true);
            }

            hidden[next] = true;
        }

        return new ProtectedBreakdown(hidden, Withheld: false);
    }

    /// <summary>
    /// The hidden cells a reader could work out, given the shown total (null: hidden, so 1–4) and the shown cells.
    /// </summary>
    public static IReadOnlyList<int> Derivable(int? shownTotal, IReadOnlyList<int> cells, IReadOnlyList<bool> hidden)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(hidden);
        var shown = cells.Where((_, i) => !hidden[i]).Sum();
        var k = hidden.Count(h => h);
        var (low, high) = shownTotal is { } t ? (t - shown, t - shown) : (1 - shown, SmallestCount - 1 - shown);
        var (least, most) = k == 1 ? (Math.Max(1, low), high) : (1, high - (k - 1));
        return least == most ? Enumerable.Range(0, cells.Count).Where(i => hidden[i]).ToList() : [];
    }
}

/// <summary>Which cells to hide (in the order given), or the whole breakdown withheld.</summary>
public sealed record ProtectedBreakdown(IReadOnlyList<bool> Hidden, bool Withheld);
