namespace CostInstrumentation.Reports;

/// <summary>
/// How an estimate turns token bands into scenarios and weighs the high one against budgets — one rule for every view
/// (the CLI's <c>estimate</c>, the REST API's): typical (low input, median output), high (high input, 95th percentile)
/// and the maximum output when it is larger; a per-call budget weighs one call, a period budget adds the whole batch.
/// </summary>
public static class CallEstimate
{
    /// <summary>The scenarios for an input band, output lengths and the model's maximum output.</summary>
    public static IEnumerable<(string Scenario, long Input, long Output)> Scenarios(long inputLow, long inputHigh, long typicalOutput, long highOutput, long? maximumOutput)
    {
        yield return ("typical", inputLow, typicalOutput);
        yield return ("high", inputHigh, highOutput);
        if (maximumOutput is { } max && max > highOutput)
        {
            yield return ("max output", inputHigh, max);
        }
    }

    /// <summary>Where the high estimate takes <paramref name="budget"/>: the spend after, the share of the limit used, and fits, warning, exceeds or blocked.</summary>
    public static (decimal AfterUsd, decimal Used, string Verdict) Impact(BudgetReportRow budget, decimal highTotalUsd, decimal highPerCallUsd)
    {
        ArgumentNullException.ThrowIfNull(budget);
        decimal after = CostReports.IsPerCall(budget) ? highPerCallUsd : budget.Status.SpentUsd + highTotalUsd;
        decimal used = decimal.Round(after / budget.Status.LimitUsd, 4);
        string verdict = after > budget.Status.LimitUsd ? (budget.Status.HardLimit ? "blocked" : "exceeds")
            : budget.WarnAt.Count > 0 && used >= budget.WarnAt[0] ? "warning"
            : "fits";
        return (after, used, verdict);
    }
}
