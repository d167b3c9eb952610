using System;
using System.Diagnostics;
using System.Globalization;
using CostInstrumentation;

// Identical in WithCatalog and Baseline, so the two compiles differ only by the pricing file.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
bool found = LlmPricing.TryGetPrice("gpt-4o", out ModelPrice? price);
TimeSpan firstLookup = Stopwatch.GetElapsedTime(start);

Console.WriteLine($"pricing {LlmPricing.Version}: {LlmPricing.Tables.Count} table(s), {(LlmPricing.Tables.Count > 0 ? LlmPricing.Tables[0].ModelCount : 0)} models");
if (found)
{
    TokenRates rates = price!.BaseRates;
    Console.WriteLine($"gpt-4o per 1M tokens: input {rates.Input * 1_000_000m:0.######} USD, output {rates.Output * 1_000_000m:0.######} USD, cache read {rates.CacheRead * 1_000_000m:0.######} USD");
    Console.WriteLine($"priority tier input {price.RatesFor(1, ServiceTier.Priority).Input * 1_000_000m:0.######} USD; 1,200 in + 350 out costs {price.Cost(new LlmUsage(1_200, 350)):0.##########} USD");
}
else
{
    Console.WriteLine("gpt-4o is not priced");
}

Console.WriteLine($"first lookup (index + first price, incl. JIT): {firstLookup.TotalMilliseconds:0.000} ms");
return 0;
