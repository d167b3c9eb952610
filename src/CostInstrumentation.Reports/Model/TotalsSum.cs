using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>
/// Totals being added up. The cost is summed in nano-USD and converted back once, so a sum is written like the same amount
/// read in one piece (<c>0.0092592</c>, not <c>0.009259200</c>: decimal addition keeps the larger scale); one set of totals
/// alone is kept as it came. A struct, so a grid's cells are added up in place in their dictionary's values.
/// </summary>
internal struct TotalsSum
{
    private CostTotals _totals;
    private long _nanoUsd;
    private int _count;

    public void Add(in CostTotals totals)
    {
        if (_count++ == 0)
        {
            _totals = totals;
            return;
        }

        if (_count == 2)
        {
            _nanoUsd = NanoUsd.From(_totals.CostUsd);
        }

        _nanoUsd += NanoUsd.From(totals.CostUsd);
        _totals += totals;
    }

    public readonly CostTotals Totals => _count > 1 ? _totals with { CostUsd = NanoUsd.ToUsd(_nanoUsd) } : _totals;
}
