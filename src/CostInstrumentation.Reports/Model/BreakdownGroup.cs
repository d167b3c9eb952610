namespace CostInstrumentation.Reports;

/// <summary>
/// One key of a breakdown's first dimension: its totals, or under a second dimension its children's, kept as structs in
/// one array (a year's day × model grid is 14,600 cells: an object and a dictionary entry each made the collector's
/// work). A child is found by its column (<see cref="Add(int, string, in CostTotals)"/>); room is made for
/// <paramref name="expectedChildren"/> up front (a grid's keys tend to have as many children as the last).
/// </summary>
internal sealed class BreakdownGroup(string key, int expectedChildren)
{
    private TotalsSum _own;
    private BreakdownCell[] _children = expectedChildren > 0 ? new BreakdownCell[expectedChildren] : [];

    /// <summary>Each column's place in <see cref="_children"/> plus one (0: none yet).</summary>
    private int[] _childOfColumn = [];

    /// <summary>Each rank's place in <see cref="_children"/> once <see cref="SortChildren"/> has ordered them.</summary>
    private int[]? _order;

    public string Key { get; } = key;

    public int ChildCount { get; private set; }

    /// <summary>This key's totals: its own, or (<see cref="Finish"/>ed with children) its children's added up.</summary>
    public CostTotals Totals => _own.Totals;

    /// <summary>The child at <paramref name="rank"/> in the order <see cref="SortChildren"/> gave them (else as they came).</summary>
    public ref readonly BreakdownCell Child(int rank) => ref _children[_order is null ? rank : _order[rank]];

    /// <summary>Adds a group's totals to this key's own.</summary>
    public void Add(in CostTotals totals) => _own.Add(totals);

    /// <summary>Adds a group's totals to the child <paramref name="child"/>, the arrangement's column <paramref name="column"/>.</summary>
    public void Add(int column, string child, in CostTotals totals)
    {
        if (column >= _childOfColumn.Length)
        {
            Array.Resize(ref _childOfColumn, Math.Max(column + 1, _childOfColumn.Length * 2));
        }

        ref int place = ref _childOfColumn[column];
        if (place == 0)
        {
            if (ChildCount == _children.Length)
            {
                Array.Resize(ref _children, Math.Max(4, _children.Length * 2));
            }

            _children[ChildCount] = new BreakdownCell(child);
            place = ++ChildCount;
        }

        _children[place - 1].Sum.Add(totals);
    }

    /// <summary>Works out the totals: each child's, and this key's as its children's added up when it has any.</summary>
    public void Finish()
    {
        if (ChildCount == 0)
        {
            _own.Seal();
            return;
        }

        TotalsSum sum = new();
        foreach (ref BreakdownCell child in _children.AsSpan(0, ChildCount))
        {
            child.Sum.Seal();
            sum.Add(child.Sum.Totals);
        }

        sum.Seal();
        _own = sum;
    }

    /// <summary>Orders the children (after <see cref="Finish"/>) by ranking their places, so the cells themselves stay put.</summary>
    public void SortChildren(RowOrder order)
    {
        _order = new int[ChildCount];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        _order.AsSpan().Sort(new ChildOrder(_children, order));
    }

    private readonly struct ChildOrder(BreakdownCell[] children, RowOrder order) : IComparer<int>
    {
        public int Compare(int x, int y) =>
            order.Compare(children[x].Key, children[x].Sum.Sealed, children[y].Key, children[y].Sum.Sealed);
    }
}
