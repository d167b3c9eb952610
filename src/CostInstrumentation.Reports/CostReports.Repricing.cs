namespace CostInstrumentation.Reports;

/// <summary>What-if repricing: the recorded usage (every token count is stored) priced exactly under another price.</summary>
public sealed partial class CostReports
{
    /// <summary>
    /// The selected calls, per recorded model, priced again with <paramref name="priceOf"/> (recorded model → the price to apply,
    /// or null when there is none) through the runtime's own <see cref="ModelPrice.Cost(in LlmUsage, string?)"/>, so the cost
    /// rules are the ones a call is billed by. Ordered by recorded cost, then model.
    /// </summary>
    public IReadOnlyList<RepriceRow> Reprice(ReportPeriod period, ReportFilter? filter, Func<string, ModelPrice?> priceOf)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(priceOf);
        return Read(() =>
        {
            Dictionary<string, RepriceAccumulator> byModel = new(StringComparer.Ordinal);
            foreach (UsageGroup group in _source.UsageGroups(period, filter ?? ReportFilter.None))
            {
                if (!byModel.TryGetValue(group.Model, out RepriceAccumulator? model))
                {
                    model = new RepriceAccumulator(priceOf(group.Model));
                    byModel.Add(group.Model, model);
                }

                model.Add(group);
            }

            return byModel
                .Select(pair => pair.Value.Row(pair.Key))
                .OrderByDescending(row => row.RecordedUsd)
                .ThenBy(row => row.Model, StringComparer.Ordinal)
                .ToList();
        });
    }

    /// <summary>One model's sums while its usage groups stream by.</summary>
    private sealed class RepriceAccumulator(ModelPrice? price)
    {
        private long _calls;
        private decimal _recorded;
        private long _recordedUnpriced;
        private decimal _repriced;
        private long _repricedUnpriced;
        private long _compared;
        private decimal _comparedRecorded;
        private decimal _difference;

        public void Add(UsageGroup group)
        {
            _calls += group.Calls;
            _recorded += group.RecordedUsd;
            _recordedUnpriced += group.Calls - group.PricedCalls;
            if (Cost(group.Usage) is not { } each)
            {
                _repricedUnpriced += group.Calls;
                return;
            }

            _repriced += each * group.Calls;
            _compared += group.PricedCalls;
            _comparedRecorded += group.RecordedUsd;
            _difference += (each * group.PricedCalls) - group.RecordedUsd;
        }

        public RepriceRow Row(string model) =>
            new(model, price?.Model, _calls, _recorded, _recordedUnpriced, _repriced, _repricedUnpriced, _compared, _comparedRecorded, _difference);

        /// <summary>The cost of one call, or null when there is no price or the price rejects the usage (never $0 for unknown).</summary>
        private decimal? Cost(LlmUsage usage) => price is null ? null : TryCost(price, usage);
    }
}
