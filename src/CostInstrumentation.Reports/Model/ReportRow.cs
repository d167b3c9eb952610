namespace CostInstrumentation.Reports;

/// <summary>One group of a breakdown: its key (and sub-key under <c>--then-by</c>) and its totals.</summary>
public sealed record ReportRow(string Key, string? SubKey, CostTotals Totals);

/// <summary>How a breakdown orders its groups; every order ends with the key (ordinal) so ties are deterministic.</summary>
public enum ReportSort
{
    /// <summary>Cost, highest first (time dimensions: chronological unless asked otherwise).</summary>
    Cost,

    /// <summary>Number of calls, most first.</summary>
    Calls,

    /// <summary>Total tokens (input + output), most first.</summary>
    Tokens,

    /// <summary>The key itself (ordinal; chronological for time dimensions).</summary>
    Key,
}
