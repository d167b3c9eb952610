using System.Collections;

namespace CostInstrumentation.Reports;

/// <summary>
/// A breakdown's rows as <see cref="CostReports.Arrange"/> leaves them: its groups in order, each group a row, or under a
/// second dimension each group's children in turn. A <see cref="ReportRow"/> is made when one is asked for; a view that
/// writes thousands of cells reads <see cref="Groups"/> instead, without an object per cell.
/// </summary>
internal sealed class BreakdownRows : IReadOnlyList<ReportRow>
{
    /// <summary>Under a second dimension, the index of each group's first row; a last entry holds the count.</summary>
    private readonly int[]? _starts;

    public BreakdownRows(BreakdownGroup[] groups, bool nested)
    {
        Groups = groups;
        if (!nested)
        {
            Count = groups.Length;
            return;
        }

        _starts = new int[groups.Length + 1];
        for (int i = 0; i < groups.Length; i++)
        {
            _starts[i + 1] = _starts[i] + groups[i].ChildCount;
        }

        Count = _starts[^1];
    }

    /// <summary>The groups, in order.</summary>
    public BreakdownGroup[] Groups { get; }

    /// <summary>Whether the rows are the groups' children (a second dimension) rather than the groups.</summary>
    public bool Nested => _starts is not null;

    public int Count { get; }

    public ReportRow this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            if (_starts is null)
            {
                return Row(Groups[index]);
            }

            // The last group starting at or before the index (every group has a child, so no two start at the same index).
            int found = Array.BinarySearch(_starts, index);
            int group = found >= 0 ? found : ~found - 1;
            return Row(Groups[group], Groups[group].Child(index - _starts[group]));
        }
    }

    public IEnumerator<ReportRow> GetEnumerator()
    {
        foreach (BreakdownGroup group in Groups)
        {
            if (_starts is null)
            {
                yield return Row(group);
                continue;
            }

            for (int i = 0; i < group.ChildCount; i++)
            {
                yield return Row(group, group.Child(i));
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static ReportRow Row(BreakdownGroup group) => new(group.Key, null, group.Totals);

    private static ReportRow Row(BreakdownGroup group, in BreakdownCell child) => new(group.Key, child.Key, child.Sum.Sealed);
}
