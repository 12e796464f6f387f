namespace LinkWorker.Application.Common.Paging;

/// <summary>
/// One page of a list read by keyset: the items, and the opaque cursor of the next page (null on the last page).
/// </summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Page sizes of every list: a default when none is asked for, and a maximum that is refused above.</summary>
public static class PageSizes
{
    public const int Default = 50;

    public const int Maximum = 200;

    /// <summary>The asked-for size, or the default.</summary>
    public static int Of(int? pageSize) => pageSize ?? Default;

    /// <summary>Keeps at most <paramref name="pageSize"/> rows; the extra one fetched says whether a next page exists.</summary>
    public static CursorPage<TItem> Cut<TRow, TItem>(
        IReadOnlyList<TRow> rowsPlusOne, int pageSize, Func<TRow, TItem> item, Func<TRow, string> cursorOf)
    {
        var shown = rowsPlusOne.Take(pageSize).ToList();
        var next = rowsPlusOne.Count > pageSize ? cursorOf(shown[^1]) : null;
        return new CursorPage<TItem>(shown.Select(item).ToList(), next);
    }
}
