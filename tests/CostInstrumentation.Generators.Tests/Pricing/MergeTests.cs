using CostInstrumentation.Generators.Pricing.Model;

namespace CostInstrumentation.Generators.Tests.Pricing;

/// <summary>Merging files: later files win per model, user files beat the default, aliases never hide models.</summary>
public sealed class MergeTests
{
    private static string Own(string model, decimal input, decimal output, string aliases = "") =>
        $$"""{ "providers": { "p": { "{{model}}": { "input": {{input.ToString(CultureInfo.InvariantCulture)}}, "output": {{output.ToString(CultureInfo.InvariantCulture)}}{{(aliases.Length == 0 ? "" : ", \"aliases\": [" + aliases + "]")}} } } } }""";

    private static ModelPriceDefinition Lookup(GeneratorRun run, string model)
    {
        PriceTable table = TableOf(run);
        return Stages.Definition(table, model);
    }

    /// <summary>The table the run generated, read back from its emitted literal.</summary>
    internal static PriceTable TableOf(GeneratorRun run)
    {
        string source = run.PriceTableSource ?? throw new InvalidOperationException("No table generated:\n" + string.Join("\n", run.Diagnostics));
        string data = CompiledTable.DataOf(source);
        return new PriceTable("test", data);
    }

    [Fact]
    public void LaterFile_OverridesEarlierFile_PerModel()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/first.json", """{ "providers": { "p": { "a": { "input": 1, "output": 2 }, "b": { "input": 3, "output": 4 } } } }"""),
            new PricingInput("/p/second.json", Own("a", 10, 20))).AssertHealthy().AssertNoDiagnostics();
        Assert.Equal(0.00001m, Lookup(run, "a").Rates.Input);
        Assert.Equal(0.00002m, Lookup(run, "a").Rates.Output);
        Assert.Equal(0.000003m, Lookup(run, "b").Rates.Input); // untouched by the second file

        GeneratorRun reversed = GeneratorHarness.Run(
            new PricingInput("/p/second.json", Own("a", 10, 20)),
            new PricingInput("/p/first.json", """{ "providers": { "p": { "a": { "input": 1, "output": 2 }, "b": { "input": 3, "output": 4 } } } }""")).AssertHealthy();
        Assert.Equal(0.000001m, Lookup(reversed, "a").Rates.Input);
    }

    [Fact]
    public void LaterFile_OverridesAcrossFormats()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/litellm.json", """{ "m": { "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "x", "mode": "chat" } }"""),
            new PricingInput("/p/per1k.json", """{ "x": { "m": { "input_cost_per_1k": 0.005, "output_cost_per_1k": 0.006 } } }""")).AssertHealthy().AssertNoDiagnostics();
        Assert.Equal(0.000005m, Lookup(run, "m").Rates.Input);
        Assert.Equal(0.000006m, Lookup(run, "m").Rates.Output);
    }

    [Fact]
    public void UserFile_OverridesDefault_RegardlessOfItemOrder()
    {
        PricingInput shipped = new("/pkg/default.json", Own("m", 1, 2), isDefault: true);
        PricingInput user = new("/p/user.json", Own("m", 5, 6));
        foreach (PricingInput[] order in new[] { new[] { shipped, user }, new[] { user, shipped } })
        {
            GeneratorRun run = GeneratorHarness.Run(order).AssertHealthy().AssertNoDiagnostics();
            Assert.Equal(0.000005m, Lookup(run, "m").Rates.Input);
            Assert.Equal(0.000006m, Lookup(run, "m").Rates.Output);
        }
    }

    [Fact]
    public void DefaultFile_StillPricesModelsTheUserDoesNotMention()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/user.json", Own("mine", 5, 6)),
            new PricingInput("/pkg/default.json", Own("shipped", 1, 2), isDefault: true)).AssertHealthy();
        Assert.Equal(0.000001m, Lookup(run, "shipped").Rates.Input);
        Assert.Equal(0.000005m, Lookup(run, "mine").Rates.Input);
    }

    [Fact]
    public void Alias_ResolvesToTheModelsPrice()
    {
        GeneratorRun run = GeneratorHarness.Run(new PricingInput("/p/a.json", Own("gpt-x", 2.5m, 10, "\"gpt-x-2024-08-06\", \"my-deployment\""))).AssertHealthy().AssertNoDiagnostics();
        PriceTable table = TableOf(run);
        Assert.True(table.TryGetPrice("gpt-x-2024-08-06", out ModelPrice? byAlias));
        Assert.True(table.TryGetPrice("my-deployment", out ModelPrice? byDeployment));
        Assert.True(table.TryGetPrice("gpt-x", out ModelPrice? byId));
        Assert.Equal("gpt-x", byAlias.Model);
        Assert.Same(byId, byAlias);
        Assert.Same(byId, byDeployment);
        Assert.Equal(0.0000025m, byAlias.BaseRates.Input);
        Assert.Equal(1, table.ModelCount);
    }

    [Fact]
    public void Alias_ThatEqualsAModelIdInAnotherFile_NeverHidesThatModel()
    {
        PricingInput withAlias = new("/p/a.json", Own("alpha", 1, 2, "\"beta\""));
        PricingInput model = new("/p/b.json", Own("beta", 7, 8));
        foreach (PricingInput[] order in new[] { new[] { withAlias, model }, new[] { model, withAlias } })
        {
            GeneratorRun run = GeneratorHarness.Run(order).AssertHealthy().AssertNoDiagnostics();
            PriceTable table = TableOf(run);
            Assert.True(table.TryGetPrice("beta", out ModelPrice? beta));
            Assert.Equal("beta", beta.Model);
            Assert.Equal(0.000007m, beta.BaseRates.Input);
            Assert.Equal("alpha", Stages.Definition(table, "alpha").Model);
        }
    }

    [Fact]
    public void Alias_ThatEqualsAModelIdInTheDefault_NeverHidesThatModel()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/user.json", Own("alpha", 1, 2, "\"beta\"")),
            new PricingInput("/pkg/default.json", Own("beta", 7, 8), isDefault: true)).AssertHealthy();
        Assert.Equal("beta", Stages.Definition(TableOf(run), "beta").Model);
    }

    [Fact]
    public void Alias_ClaimedByTwoFiles_GoesToTheLaterFile()
    {
        GeneratorRun run = GeneratorHarness.Run(
            new PricingInput("/p/a.json", Own("one", 1, 1, "\"shared\"")),
            new PricingInput("/p/b.json", Own("two", 2, 2, "\"shared\""))).AssertHealthy();
        Assert.Equal("two", Stages.Definition(TableOf(run), "shared").Model);
    }

    [Fact]
    public void Catalogue_ListsSourcesInMergeOrder_AndTakesTheNewestAsOf()
    {
        PricingFile user = Stages.Parse("""{ "as_of": "2026-01-01", "providers": { "p": { "a": { "input": 1 } } } }""", "/p/user.json");
        PricingFile shipped = Stages.Parse("""{ "as_of": "2026-06-01", "providers": { "p": { "b": { "input": 1 } } } }""", "/pkg/default.json", isDefault: true);
        PriceCatalog catalog = Stages.Merge(user, shipped);
        Assert.Equal(new[] { "default.json", "user.json" }, catalog.Sources);
        Assert.Equal("2026-06-01", catalog.AsOf);
        Assert.Equal(new[] { "a", "b" }, catalog.Entries.Select(e => e.Model));
    }
}
