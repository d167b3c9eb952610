using System.Globalization;
using CostInstrumentation;

// The build compiled pricing/*.json and the shipped default pricing into a frozen table that
// registered itself with LlmPricing before Main ran. Nothing is read from disk at run time.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

Console.WriteLine($"CostInstrumentation QuickStart — pricing version {LlmPricing.Version}");
Console.WriteLine($"{LlmPricing.GetAllPrices().Count()} models priced at compile time.");
Console.WriteLine();

string[] models = ["gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-pro", "contoso-gpt4o-eastus"];
Console.WriteLine($"{"model",-24} {"input/1M",10} {"output/1M",10} {"cached/1M",10}");
foreach (string model in models)
{
    if (LlmPricing.TryGetPrice(model, out ModelPrice? price))
    {
        TokenRates rates = price.BaseRates;
        Console.WriteLine($"{model,-24} {PerMillion(rates.Input),10} {PerMillion(rates.Output),10} {PerMillion(rates.CacheRead),10}");
    }
    else
    {
        Console.WriteLine($"{model,-24} (not priced)");
    }
}

Console.WriteLine();
Console.WriteLine("What a few calls cost (exact decimal USD):");
(string Model, LlmUsage Usage, string? ServiceTier, string What)[] calls =
[
    ("gpt-4o", new LlmUsage(InputTokens: 12_000, OutputTokens: 800), null, "a chat turn"),
    ("gpt-4o", new LlmUsage(InputTokens: 12_000, OutputTokens: 800, CachedInputTokens: 10_000), null, "the same turn, prompt cached"),
    ("gpt-4o", new LlmUsage(InputTokens: 12_000, OutputTokens: 800), "batch", "the same turn through the Batch API"),
    ("claude-sonnet-4-5", new LlmUsage(InputTokens: 250_000, OutputTokens: 4_000), null, "a long-context call (> 200K input)"),
    ("contoso-gpt4o-eastus", new LlmUsage(InputTokens: 3_000, OutputTokens: 500), null, "a call to an Azure deployment"),
];

decimal total = 0m;
foreach (var call in calls)
{
    if (!LlmPricing.TryGetPrice(call.Model, out ModelPrice? price))
    {
        Console.WriteLine($"  {call.What,-40} {call.Model}: not priced");
        continue;
    }

    decimal cost = price.Cost(call.Usage, call.ServiceTier);
    total += cost;
    Console.WriteLine($"  {call.What,-40} {cost,12:0.000000} USD");
}

Console.WriteLine($"  {"total",-40} {total,12:0.000000} USD");

static string PerMillion(decimal perToken) => (perToken * 1_000_000m).ToString("0.####", CultureInfo.InvariantCulture);
