namespace CostInstrumentation.Reports;

/// <summary>One key of a breakdown's first dimension while its groups are merged: its totals, or its children's under a second dimension.</summary>
internal sealed class BreakdownGroup(string key)
{
    private readonly TotalsSum _own = new();
    private Dictionary<string, TotalsSum>? _children;

    public string Key { get; } = key;

    /// <summary>Adds a group's totals: to this key's own, or (<paramref name="child"/> given) to that child's.</summary>
    public void Add(string? child, in CostTotals totals)
    {
        if (child is null)
        {
            _own.Add(totals);
            return;
        }

        _children ??= new(StringComparer.Ordinal);
        if (!_children.TryGetValue(child, out TotalsSum? sum))
        {
            sum = new TotalsSum();
            _children.Add(child, sum);
        }

        sum.Add(totals);
    }

    /// <summary>This key's totals (its children's added up under a second dimension) and its children's keys and totals (unordered).</summary>
    public (CostTotals Totals, (string Key, CostTotals Totals)[] Children) Finish()
    {
        if (_children is null)
        {
            return (_own.Totals, []);
        }

        (string Key, CostTotals Totals)[] children = new (string, CostTotals)[_children.Count];
        TotalsSum sum = new();
        int index = 0;
        foreach ((string child, TotalsSum childSum) in _children)
        {
            CostTotals totals = childSum.Totals;
            children[index++] = (child, totals);
            sum.Add(totals);
        }

        return (sum.Totals, children);
    }
}
