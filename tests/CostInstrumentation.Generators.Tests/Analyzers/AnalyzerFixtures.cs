namespace CostInstrumentation.Generators.Tests.Analyzers;

/// <summary>A price list with one model per analyzer case, and a runner over it.</summary>
internal static class AnalyzerFixtures
{
    /// <summary>Deprecation dates relative to today, so "soon" stays soon whenever the tests run.</summary>
    public static string Pricing => $$"""
        {
          "as_of": "2026-11-01",
          "providers": {
            "acme": {
              "acme-large": { "input": 5, "output": 30, "context_window": 100000, "max_output": 10000 },
              "acme-small": { "input": 0.1, "output": 0.4, "context_window": 100000, "max_output": 10000, "aliases": ["acme-small-2026-01-01"] },
              "acme-old": { "input": 1, "output": 2, "deprecated": "2020-01-01", "successor": "acme-small" },
              "acme-retiring": { "input": 1, "output": 2, "deprecated": "{{Days(10)}}", "successor": "acme-unpriced" },
              "acme-later": { "input": 1, "output": 2, "deprecated": "{{Days(100)}}" }
            }
          }
        }
        """;

    public static string Days(int fromToday) => DateTime.UtcNow.Date.AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IReadOnlyList<Reported> Run(string source, string? editorConfig = null, IEnumerable<(string Path, string Text)>? budgetFiles = null, bool withPricing = true) =>
        AnalyzerHarness.Run(
            new[] { source },
            withPricing ? new[] { new PricingInput("/project/pricing/prices.json", Pricing) } : null,
            editorConfig,
            budgetFiles);

    /// <summary>The single diagnostic reported; fails listing everything otherwise.</summary>
    public static Reported Only(IReadOnlyList<Reported> reported, string id)
    {
        Assert.True(reported.Count == 1 && reported[0].Id == id, $"Expected only {id}, got:\n" + string.Join("\n", reported));
        return reported[0];
    }

    public static void None(IReadOnlyList<Reported> reported) =>
        Assert.True(reported.Count == 0, "Expected no diagnostics, got:\n" + string.Join("\n", reported));
}
