using CostInstrumentation.Contract;

namespace CostInstrumentation.Reports;

/// <summary>The contract's USD ⇄ nano-USD conversion, for views that show both (JSON carries costs as both).</summary>
public static class ReportMoney
{
    /// <summary>Integer nano-USD of an exact USD amount (rounded half to even, as costs are stored).</summary>
    public static long ToNanoUsd(decimal usd) => NanoUsd.From(usd);
}
