using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>
/// Totals being added up. The cost is summed in nano-USD and converted back once, so a sum is written like the same amount
/// read in one piece (<c>0.0092592</c>, not <c>0.009259200</c>: decimal addition keeps the larger scale); one set of totals
/// alone is kept as it came. A struct, so a grid's cells are added up in place in their group's array.
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

    /// <summary>The totals once <see cref="Seal"/>ed, in place: a sort compares them again and again.</summary>
    [UnscopedRef]
    public readonly ref readonly CostTotals Sealed
    {
        get
        {
            Debug.Assert(_count <= 1, "Sealed before it is read.");
            return ref _totals;
        }
    }

    /// <summary>Converts the cost back now, so the totals are <see cref="Sealed"/>.</summary>
    public void Seal()
    {
        if (_count > 1)
        {
            _totals = Totals;
            _count = 1;
        }
    }
}
