using System.Runtime.CompilerServices;

namespace CostInstrumentation;

/// <summary>
/// The price of one model with the cost rules' fallbacks resolved, ready to price a call exactly in
/// <see cref="decimal"/> USD. Build one from a <see cref="ModelPriceDefinition"/>.
/// </summary>
public sealed class ModelPrice
{
    private readonly PriceSchedule _standard;
    private readonly PriceSchedule _batch;
    private readonly PriceSchedule _flex;
    private readonly PriceSchedule _priority;

    /// <summary>Resolves <paramref name="definition"/> by the cost rules (see docs/cost-rules.md).</summary>
    /// <exception cref="ArgumentException">The definition names no per-token rate, or its tiers are inconsistent.</exception>
    public ModelPrice(ModelPriceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Rates.IsEmpty && definition.RangeTiers.Count == 0)
        {
            throw new ArgumentException($"Model '{definition.Model}' names no per-token rate, so it cannot be priced.", nameof(definition));
        }

        Definition = definition;
        _standard = definition.RangeTiers.Count > 0
            ? RangeSchedule(definition)
            : ContextSchedule(definition, serviceTier: null);
        _batch = ServiceSchedule(definition, definition.Batch, _standard);
        _flex = ServiceSchedule(definition, definition.Flex, _standard);
        _priority = ServiceSchedule(definition, definition.Priority, _standard);
    }

    /// <summary>The source definition, as stated.</summary>
    public ModelPriceDefinition Definition { get; }

    /// <summary>The model id.</summary>
    public string Model => Definition.Model;

    /// <summary>The provider, when known.</summary>
    public string? Provider => Definition.Provider;

    /// <summary>The standard rates that apply to a call below every tier threshold.</summary>
    public TokenRates BaseRates => _standard.Base;

    /// <summary>The resolved rates a call of <paramref name="inputTokens"/> input tokens is billed at.</summary>
    public TokenRates RatesFor(long inputTokens, ServiceTier serviceTier = ServiceTier.Standard) =>
        Schedule(serviceTier).RatesFor(inputTokens);

    /// <summary>The cost in USD of a call with <paramref name="usage"/>, at the named service tier.</summary>
    /// <param name="usage">The call's usage in canonical form.</param>
    /// <param name="serviceTier"><c>batch</c>, <c>flex</c>, <c>priority</c>; <see langword="null"/>, <c>default</c> or <c>standard</c> for on-demand.</param>
    /// <exception cref="ArgumentException">The usage breaks the canonical invariants, or the service tier is unknown.</exception>
    public decimal Cost(in LlmUsage usage, string? serviceTier = null)
    {
        if (serviceTier is null)
        {
            return Cost(usage, ServiceTier.Standard);
        }

        if (!ServiceTierNames.TryParse(serviceTier, out ServiceTier tier))
        {
            throw new ArgumentException($"Unknown service tier '{serviceTier}'; expected batch, flex, priority or standard.", nameof(serviceTier));
        }

        return Cost(usage, tier);
    }

    /// <summary>The cost in USD of a call with <paramref name="usage"/> at <paramref name="serviceTier"/>.</summary>
    /// <exception cref="ArgumentException">The usage breaks the canonical invariants.</exception>
    public decimal Cost(in LlmUsage usage, ServiceTier serviceTier)
    {
        if (usage.Validate() is { } error)
        {
            ThrowInvalidUsage(error);
        }

        PriceSchedule schedule = Schedule(serviceTier);
        int step = schedule.StepFor(usage.InputTokens);
        long freshInput = usage.InputTokens - usage.CachedInputTokens - usage.CacheWriteInputTokens;
        long plainOutput = usage.OutputTokens - usage.ReasoningTokens;
        if (schedule.Scaled(step).TryCost(freshInput, usage.CachedInputTokens, usage.CacheWriteInputTokens, plainOutput, usage.ReasoningTokens, out decimal cost))
        {
            return cost;
        }

        ref readonly TokenRates rates = ref schedule.Rates(step);
        cost = freshInput * rates.Input + plainOutput * rates.Output;

        // Most calls have no cache or reasoning tokens; skipping zero terms keeps the common path short.
        if (usage.CachedInputTokens != 0)
        {
            cost += usage.CachedInputTokens * rates.CacheRead;
        }

        if (usage.CacheWriteInputTokens != 0)
        {
            cost += usage.CacheWriteInputTokens * rates.CacheWrite;
        }

        if (usage.ReasoningTokens != 0)
        {
            cost += usage.ReasoningTokens * rates.Reasoning;
        }

        return cost;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Model}: {BaseRates.Input * 1_000_000m:0.######} / {BaseRates.Output * 1_000_000m:0.######} USD per 1M input/output tokens";

    private PriceSchedule Schedule(ServiceTier tier) => tier switch
    {
        ServiceTier.Batch => _batch,
        ServiceTier.Flex => _flex,
        ServiceTier.Priority => _priority,
        _ => _standard,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidUsage(string error) => throw new ArgumentException("Invalid token usage: " + error, "usage");

    private static PriceSchedule ContextSchedule(ModelPriceDefinition definition, ServiceTierRates? serviceTier)
    {
        RateCard standard = definition.Rates;
        RateCard own = serviceTier?.Rates ?? standard;
        TokenRates baseRates = TokenRates.Resolve(own, standard);

        // A service tier inherits every standard threshold and may add its own.
        List<long> steps = new(definition.ContextTiers.Count);
        AddThresholds(steps, definition.ContextTiers);
        if (serviceTier is not null)
        {
            AddThresholds(steps, serviceTier.ContextTiers);
        }

        steps.Sort();
        TokenRates[] rates = new TokenRates[steps.Count];
        for (int i = 0; i < steps.Count; i++)
        {
            RateCard standardTier = Find(definition.ContextTiers, steps[i]);
            rates[i] = serviceTier is null
                ? TokenRates.Resolve(standardTier, standard)
                : TokenRates.Resolve(Find(serviceTier.ContextTiers, steps[i]), standardTier, own, standard);
        }

        return new PriceSchedule(baseRates, [.. steps], rates);
    }

    private static void AddThresholds(List<long> thresholds, IReadOnlyList<ContextTier> tiers)
    {
        foreach (ContextTier tier in tiers)
        {
            if (!thresholds.Contains(tier.AboveInputTokens))
            {
                thresholds.Add(tier.AboveInputTokens);
            }
        }
    }

    private static PriceSchedule RangeSchedule(ModelPriceDefinition definition)
    {
        RangeTier[] tiers = [.. definition.RangeTiers];
        Array.Sort(tiers, static (a, b) => a.Start.CompareTo(b.Start));
        for (int i = 1; i < tiers.Length; i++)
        {
            if (tiers[i].Start != tiers[i - 1].End)
            {
                throw new ArgumentException($"Model '{definition.Model}': tier ranges must be contiguous and sorted, but a tier ends at {tiers[i - 1].End?.ToString() ?? "∞"} and the next starts at {tiers[i].Start}.", nameof(definition));
            }
        }

        // Cache rates a tier does not name fall back to the tier's own input rate, so only output and
        // reasoning consult the model's top-level rates.
        RateCard modelRates = new() { Output = definition.Rates.Output, Reasoning = definition.Rates.Reasoning };
        long[] thresholds = new long[tiers.Length - 1];
        TokenRates[] steps = new TokenRates[tiers.Length - 1];
        for (int i = 1; i < tiers.Length; i++)
        {
            thresholds[i - 1] = tiers[i].Start;
            steps[i - 1] = TokenRates.Resolve(tiers[i].Rates, modelRates);
        }

        return new PriceSchedule(TokenRates.Resolve(tiers[0].Rates, modelRates), thresholds, steps);
    }

    // Tier tables have no service-tier variants in any source we read; such a model keeps its tiers.
    private static PriceSchedule ServiceSchedule(ModelPriceDefinition definition, ServiceTierRates? serviceTier, PriceSchedule standard) =>
        serviceTier is null || definition.RangeTiers.Count > 0 ? standard : ContextSchedule(definition, serviceTier);

    private static RateCard Find(IReadOnlyList<ContextTier> tiers, long threshold)
    {
        foreach (ContextTier tier in tiers)
        {
            if (tier.AboveInputTokens == threshold)
            {
                return tier.Rates;
            }
        }

        return RateCard.None;
    }
}
