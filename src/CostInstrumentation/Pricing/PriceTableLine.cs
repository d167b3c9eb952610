namespace CostInstrumentation;

/// <summary>
/// Turns a generated price table line, read by the shared grammar (<see cref="PriceTableGrammar"/>,
/// docs/pricing-table-format.md), into a <see cref="ModelPriceDefinition"/>: rates grouped into cards per service and tier.
/// </summary>
internal static class PriceTableLine
{
    internal static ModelPriceDefinition Parse(string line)
    {
        PriceTableRow row = PriceTableGrammar.Read(line);

        RateCard standard = RateCard.None;
        List<ContextTier> context = [];
        List<RangeTier> ranges = [];
        ServiceTierBuilder batch = new(), flex = new(), priority = new();
        foreach (TableRate rate in row.Rates)
        {
            ServiceTierBuilder? service = rate.Scope.Service switch
            {
                TableService.Batch => batch,
                TableService.Flex => flex,
                TableService.Priority => priority,
                _ => null,
            };
            switch (rate.Scope.Tier)
            {
                case TableTierKind.Base when service is null:
                    standard = With(standard, rate);
                    break;
                case TableTierKind.Base:
                    service!.Rates = With(service.Rates ?? RateCard.None, rate);
                    break;
                case TableTierKind.Above:
                    List<ContextTier> tiers = service?.Context ?? context;
                    int index = tiers.FindIndex(t => t.AboveInputTokens == rate.Scope.Start);
                    ContextTier tier = new(rate.Scope.Start, With(index < 0 ? RateCard.None : tiers[index].Rates, rate));
                    Put(tiers, index, tier);
                    break;
                default:
                    int slot = ranges.FindIndex(t => t.Start == rate.Scope.Start && t.End == rate.Scope.End);
                    Put(ranges, slot, new RangeTier(rate.Scope.Start, rate.Scope.End, With(slot < 0 ? RateCard.None : ranges[slot].Rates, rate)));
                    break;
            }
        }

        context.Sort(static (a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
        ranges.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        return new ModelPriceDefinition
        {
            Model = row.Model,
            Provider = NullIfEmpty(row.Provider),
            Mode = NullIfEmpty(row.Mode),
            MaxInputTokens = row.MaxInputTokens,
            MaxOutputTokens = row.MaxOutputTokens,
            DeprecationDate = row.DeprecationDate.Length == 0 ? null : DateOnly.ParseExact(row.DeprecationDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Successor = NullIfEmpty(row.Successor),
            Rates = standard,
            ContextTiers = context,
            RangeTiers = ranges,
            Batch = batch.Build(),
            Flex = flex.Build(),
            Priority = priority.Build(),
            Aliases = [.. row.Aliases],
        };
    }

    private static RateCard With(RateCard card, TableRate rate) => rate.Field switch
    {
        TableRateField.Input => card with { Input = rate.PerToken },
        TableRateField.Output => card with { Output = rate.PerToken },
        TableRateField.CacheRead => card with { CacheRead = rate.PerToken },
        TableRateField.CacheWrite => card with { CacheWrite = rate.PerToken },
        _ => card with { Reasoning = rate.PerToken },
    };

    private static void Put<T>(List<T> list, int index, T item)
    {
        if (index < 0)
        {
            list.Add(item);
        }
        else
        {
            list[index] = item;
        }
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private sealed class ServiceTierBuilder
    {
        internal RateCard? Rates { get; set; }

        internal List<ContextTier> Context { get; } = [];

        internal ServiceTierRates? Build()
        {
            if (Rates is null && Context.Count == 0)
            {
                return null;
            }

            Context.Sort(static (a, b) => a.AboveInputTokens.CompareTo(b.AboveInputTokens));
            return new ServiceTierRates(Rates ?? RateCard.None, Context);
        }
    }
}
