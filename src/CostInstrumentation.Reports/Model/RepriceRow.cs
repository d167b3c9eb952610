namespace CostInstrumentation.Reports;

/// <summary>
/// The recorded usage of one model priced again: as recorded, and under another model or price list. Calls either side
/// could not price are counted apart, never as $0; the difference is taken over the calls priced both ways only.
/// </summary>
/// <param name="Model">The model the calls were recorded with.</param>
/// <param name="PricedAs">The model id whose price was applied (the <c>--as</c> model, or the recorded one in another price list), or null when none prices it.</param>
/// <param name="Calls">The calls.</param>
/// <param name="RecordedUsd">Their recorded cost (priced calls only).</param>
/// <param name="RecordedUnpriced">Calls recorded without a cost.</param>
/// <param name="RepricedUsd">Their cost under the other price (calls it prices only).</param>
/// <param name="RepricedUnpriced">Calls the other price could not price (no price, or usage it rejects).</param>
/// <param name="ComparedCalls">Calls priced both ways.</param>
/// <param name="ComparedRecordedUsd">The recorded cost of <paramref name="ComparedCalls"/>.</param>
/// <param name="DifferenceUsd">Repriced minus recorded cost over <paramref name="ComparedCalls"/>.</param>
public sealed record RepriceRow(
    string Model,
    string? PricedAs,
    long Calls,
    decimal RecordedUsd,
    long RecordedUnpriced,
    decimal RepricedUsd,
    long RepricedUnpriced,
    long ComparedCalls,
    decimal ComparedRecordedUsd,
    decimal DifferenceUsd)
{
    /// <summary>The relative change over the calls priced both ways (−0.4 is 40 % cheaper), when the recorded cost there is not zero.</summary>
    public decimal? Change => ComparedRecordedUsd == 0 ? null : decimal.Round(DifferenceUsd / ComparedRecordedUsd, 4);
}
