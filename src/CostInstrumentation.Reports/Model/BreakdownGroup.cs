using System.Runtime.InteropServices;

namespace CostInstrumentation.Reports;

/// <summary>
/// One key of a breakdown's first dimension while its groups are merged: its totals, or its children's under a second
/// dimension (room made for <paramref name="expectedChildren"/> up front: a grid's keys tend to have as many children as the last).
/// </summary>
internal sealed class BreakdownGroup(string key, int expectedChildren)
{
    private TotalsSum _own;
    private Dictionary<string, TotalsSum>? _children;

    public string Key { get; } = key;

    public int ChildCount => _children?.Count ?? 0;

    /// <summary>Adds a group's totals: to this key's own, or (<paramref name="child"/> given) to that child's.</summary>
    public void Add(string? child, in CostTotals totals)
    {
        if (child is null)
        {
            _own.Add(totals);
            return;
        }

        _children ??= new(expectedChildren, StringComparer.Ordinal);
        CollectionsMarshal.GetValueRefOrAddDefault(_children, child, out _).Add(totals);
    }

    /// <summary>This key's row (its totals its children's added up under a second dimension) and its children's rows (unordered).</summary>
    public (ReportRow Row, ReportRow[] Children) Finish()
    {
        if (_children is null)
        {
            return (new ReportRow(Key, null, _own.Totals), []);
        }

        ReportRow[] children = new ReportRow[_children.Count];
        TotalsSum sum = new();
        int index = 0;
        foreach ((string child, TotalsSum childSum) in _children)
        {
            ReportRow row = new(Key, child, childSum.Totals);
            children[index++] = row;
            sum.Add(row.Totals);
        }

        return (new ReportRow(Key, null, sum.Totals), children);
    }
}
