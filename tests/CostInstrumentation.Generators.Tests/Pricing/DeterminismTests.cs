using CostInstrumentation.Generators.Pricing.Emit;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>The same pricing gives the same text, byte for byte; and the mixed catalogue's output is pinned by a snapshot.</summary>
public sealed class DeterminismTests
{
    private static PricingInput[] Mixed() => new[]
    {
        new PricingInput("/p/pricing/own.json", Repo.Fixture("own.json")),
        new PricingInput("/p/pricing/litellm-subset.json", Repo.Fixture("litellm-subset.json")),
        new PricingInput("/p/pricing/per1k.json", Repo.Fixture("per1k.json")),
    };

    [Fact]
    public void MixedCatalogue_MatchesTheSnapshot()
    {
        GeneratorRun run = GeneratorHarness.Run(Mixed()).AssertHealthy().AssertNoDiagnostics();
        Snapshot.Match(run.PriceTableSource!, "MixedCatalogue.LlmPriceTable");
    }

    [Fact]
    public void GeneratingTwice_GivesIdenticalText()
    {
        string first = GeneratorHarness.Run(Mixed()).PriceTableSource!;
        string second = GeneratorHarness.Run(Mixed()).PriceTableSource!;
        Assert.Equal(first, second);

        // A fresh driver on a fresh compilation, and a rerun of the same driver.
        GeneratorRun run = GeneratorHarness.Run(Mixed());
        Assert.Equal(first, run.Rerun().PriceTableSource);
    }

    [Fact]
    public void ReorderingEntriesWithinAFile_GivesIdenticalText()
    {
        string forward = """
            { "providers": {
                "a": { "m1": { "input": 1, "output": 2, "aliases": ["x1", "y1"] }, "m2": { "input": 3, "output": 4, "batch": { "input": 1 }, "priority": { "input": 5 } } },
                "b": { "m3": { "input": 5, "output": 6, "cache_read": 1, "cache_write": 2, "reasoning": 7 } } } }
            """;
        string reordered = """
            { "providers": {
                "b": { "m3": { "reasoning": 7, "cache_write": 2, "cache_read": 1, "output": 6, "input": 5 } },
                "a": { "m2": { "priority": { "input": 5 }, "batch": { "input": 1 }, "output": 4, "input": 3 }, "m1": { "aliases": ["x1", "y1"], "output": 2, "input": 1 } } } }
            """;
        string one = GeneratorHarness.RunText(forward, "a.json").AssertHealthy().AssertNoDiagnostics().PriceTableSource!;
        string two = GeneratorHarness.RunText(reordered, "a.json").AssertHealthy().AssertNoDiagnostics().PriceTableSource!;
        Assert.Equal(one, two);
    }

    [Fact]
    public void ReorderingLiteLlmEntries_GivesIdenticalText()
    {
        System.Text.Json.Nodes.JsonObject original = System.Text.Json.Nodes.JsonNode.Parse(Repo.Fixture("litellm-subset.json"))!.AsObject();
        System.Text.Json.Nodes.JsonObject reversed = new();
        foreach (KeyValuePair<string, System.Text.Json.Nodes.JsonNode?> entry in original.Reverse().ToList())
        {
            reversed[entry.Key] = entry.Value?.DeepClone();
        }

        string one = GeneratorHarness.RunText(Repo.Fixture("litellm-subset.json"), "l.json").AssertHealthy().PriceTableSource!;
        string two = GeneratorHarness.RunText(reversed.ToJsonString(), "l.json").AssertHealthy().PriceTableSource!;
        Assert.Equal(one, two);
    }

    [Fact]
    public void FilesWithDisjointModels_InEitherOrder_GiveTheSameTable()
    {
        PricingInput[] files = Mixed();
        GeneratorRun forward = GeneratorHarness.Run(files).AssertHealthy();
        GeneratorRun backward = GeneratorHarness.Run(files.Reverse().ToArray()).AssertHealthy();

        // The data and its version hash do not depend on the order; only the header's list of sources does.
        Assert.Equal(CompiledTable.DataOf(forward.PriceTableSource!), CompiledTable.DataOf(backward.PriceTableSource!));
        Assert.Equal(CompiledTable.VersionOf(forward.PriceTableSource!), CompiledTable.VersionOf(backward.PriceTableSource!));
        Assert.Equal(WithoutSourcesLine(forward.PriceTableSource!), WithoutSourcesLine(backward.PriceTableSource!));
    }

    [Fact]
    public void GeneratedText_UsesLfLineEnds_AndIsIndependentOfTheCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        string invariant = GeneratorHarness.Run(Mixed()).PriceTableSource!;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, GeneratorHarness.Run(Mixed()).PriceTableSource);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
            CultureInfo.CurrentUICulture = saved;
        }

        Assert.DoesNotContain('\r', invariant);
    }

    [Fact]
    public void TableText_IsSortedByOrdinalModelId()
    {
        string text = PriceTableEmitter.TableText(Stages.Merge(Stages.Parse(Repo.Fixture("litellm-subset.json")), Stages.Parse(Repo.Fixture("per1k.json"), "/p/k.json")));
        string[] ids = text.Split('\n').Select(l => l.Split('\t')[0]).ToArray();
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static string WithoutSourcesLine(string source) =>
        string.Join('\n', source.Split('\n').Where(l => !l.StartsWith("// Generated by", StringComparison.Ordinal)));
}
