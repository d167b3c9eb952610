using System.Text;

namespace CostInstrumentation.Tests.Pricing;

/// <summary>
/// <see cref="PriceTable"/> over hand-written tables in the generated format:
/// <c>model TAB provider TAB mode TAB maxIn TAB maxOut TAB deprecation TAB successor TAB rates (TAB alias)*</c>.
/// </summary>
public sealed class PriceTableTests
{
    private static readonly string[] CatalogueLines =
    [
        "alpha-model\topenai\tchat\t128000\t16384\t2026-06-30\tbeta-model\tin=0.0000025 out=0.00001 cr=0.00000125\talpha-2024-05-13\talpha-latest",
        "beta-model\tanthropic\tchat\t200000\t8192\t\t\tin=0.000003 out=0.000015 cr=0.0000003 cw=0.00000375 @200000.in=0.000006 @200000.out=0.0000225",
        "café-modèle\tmistral\tembedding\t8192\t\t\t\tin=0.0000001\tcafé-alias",
        "gamma-model\t\t\t\t\t\t\tin=0.000002 out=0.000008 b.in=0.000001 b.out=0.000004 f.in=0.000001 p.in=0.0000035 p.out=0.000014 @272000.in=0.000004 @272000.out=0.000016 p@272000.in=0.000007",
        "tiered-model\tdashscope\tchat\t1000000\t\t\t\t#0-256000.in=0.0000012 #0-256000.out=0.000006 #256000-.in=0.0000024 #256000-.out=0.000012",
        "",
    ];

    private static PriceTable Table(params string[] lines)
    {
        return new PriceTable("test-version", string.Join("\n", lines));
    }

    private static PriceTable Catalogue() => Table(CatalogueLines);

    [Fact]
    public void LooksUpAModelById()
    {
        PriceTable table = Catalogue();

        Assert.True(table.TryGetPrice("alpha-model", out ModelPrice? price));
        Assert.Equal("alpha-model", price.Model);
    }

    [Fact]
    public void LooksUpAModelByEachAliasAndReturnsTheSamePrice()
    {
        PriceTable table = Catalogue();

        Assert.True(table.TryGetPrice("alpha-model", out ModelPrice? byId));
        Assert.True(table.TryGetPrice("alpha-2024-05-13", out ModelPrice? byFirstAlias));
        Assert.True(table.TryGetPrice("alpha-latest", out ModelPrice? bySecondAlias));
        Assert.Same(byId, byFirstAlias);
        Assert.Same(byId, bySecondAlias);
        Assert.Equal("alpha-model", byFirstAlias.Model);
        Assert.Equal(new[] { "alpha-2024-05-13", "alpha-latest" }, byId.Definition.Aliases);
    }

    [Fact]
    public void LooksUpNonAsciiIdsAndAliases()
    {
        PriceTable table = Catalogue();

        Assert.True(table.TryGetPrice("café-modèle", out ModelPrice? byId));
        Assert.True(table.TryGetPrice("café-alias", out ModelPrice? byAlias));
        Assert.Same(byId, byAlias);
        Assert.Equal("café-modèle", byId.Model);
        Assert.Equal("mistral", byId.Provider);
        Assert.Equal("embedding", byId.Definition.Mode);
    }

    [Theory]
    [InlineData("no-such-model")]
    [InlineData("ALPHA-MODEL")]
    [InlineData("alpha")]
    [InlineData("")]
    [InlineData("openai")]
    [InlineData("chat")]
    [InlineData("beta-model ")]
    public void AnUnknownIdIsNotFound(string model)
    {
        PriceTable table = Catalogue();

        Assert.False(table.TryGetPrice(model, out ModelPrice? price));
        Assert.Null(price);
    }

    [Fact]
    public void ANullIdIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => Catalogue().TryGetPrice(null!, out _));
    }

    [Fact]
    public void ModelCountCountsModelsNotAliasesNorEmptyLines()
    {
        // 5 model lines, 3 aliases, 1 trailing empty line
        Assert.Equal(5, Catalogue().ModelCount);
    }

    [Fact]
    public void PricesEnumeratesEveryModelInTableOrder()
    {
        PriceTable table = Catalogue();

        string[] models = [.. table.Prices.Select(p => p.Model)];

        Assert.Equal(new[] { "alpha-model", "beta-model", "café-modèle", "gamma-model", "tiered-model" }, models);
    }

    [Fact]
    public void PricesAndLookupShareInstances()
    {
        PriceTable table = Catalogue();
        Assert.True(table.TryGetPrice("beta-model", out ModelPrice? looked));

        ModelPrice enumerated = table.Prices.Single(p => p.Model == "beta-model");

        Assert.Same(looked, enumerated);
        Assert.Same(enumerated, table.Prices.Single(p => p.Model == "beta-model"));
    }

    [Fact]
    public void ParsesTheDefinitionsDescriptiveFields()
    {
        Assert.True(Catalogue().TryGetPrice("alpha-model", out ModelPrice? price));
        ModelPriceDefinition definition = price.Definition;

        Assert.Equal("alpha-model", definition.Model);
        Assert.Equal("openai", definition.Provider);
        Assert.Equal("openai", price.Provider);
        Assert.Equal("chat", definition.Mode);
        Assert.Equal(128000L, definition.MaxInputTokens);
        Assert.Equal(16384L, definition.MaxOutputTokens);
        Assert.Equal(new DateOnly(2026, 6, 30), definition.DeprecationDate);
        Assert.Equal("beta-model", definition.Successor);
    }

    [Fact]
    public void EmptyFieldsParseAsNull()
    {
        Assert.True(Catalogue().TryGetPrice("gamma-model", out ModelPrice? price));
        ModelPriceDefinition definition = price.Definition;

        Assert.Null(definition.Provider);
        Assert.Null(definition.Mode);
        Assert.Null(definition.MaxInputTokens);
        Assert.Null(definition.MaxOutputTokens);
        Assert.Null(definition.DeprecationDate);
        Assert.Null(definition.Successor);
        Assert.Empty(definition.Aliases);
    }

    [Fact]
    public void ParsesBaseRatesExactly()
    {
        Assert.True(Catalogue().TryGetPrice("alpha-model", out ModelPrice? price));

        Assert.Equal(new RateCard { Input = 0.0000025m, Output = 0.00001m, CacheRead = 0.00000125m }, price.Definition.Rates);

        decimal cost = price.Cost(new LlmUsage(InputTokens: 10_000, OutputTokens: 1000, CachedInputTokens: 4000));

        // fresh 6000 × 0.0000025 = 0.015; cached 4000 × 0.00000125 = 0.005; 1000 × 0.00001 = 0.01; total 0.03
        Assert.Equal(0.03m, cost);
    }

    [Fact]
    public void ParsesLongContextTiers()
    {
        Assert.True(Catalogue().TryGetPrice("beta-model", out ModelPrice? price));

        ContextTier tier = Assert.Single(price.Definition.ContextTiers);
        Assert.Equal(200_000, tier.AboveInputTokens);
        Assert.Equal(new RateCard { Input = 0.000006m, Output = 0.0000225m }, tier.Rates);

        // base: 200000 × 0.000003 = 0.6; 1000 × 0.000015 = 0.015; total 0.615
        Assert.Equal(0.615m, price.Cost(new LlmUsage(200_000, 1000)));

        // tier: 200001 × 0.000006 = 1.200006; 1000 × 0.0000225 = 0.0225; total 1.222506
        Assert.Equal(1.222506m, price.Cost(new LlmUsage(200_001, 1000)));

        // tier, cache read at the base's stated 0.0000003: fresh 200000 × 0.000006 = 1.2; cached 100000 × 0.0000003 = 0.03; total 1.23
        Assert.Equal(1.23m, price.Cost(new LlmUsage(InputTokens: 300_000, OutputTokens: 0, CachedInputTokens: 100_000)));
    }

    [Fact]
    public void ParsesServiceTierRatesAndTheirLongContextTiers()
    {
        Assert.True(Catalogue().TryGetPrice("gamma-model", out ModelPrice? price));
        ModelPriceDefinition definition = price.Definition;

        Assert.NotNull(definition.Batch);
        Assert.Equal(new RateCard { Input = 0.000001m, Output = 0.000004m }, definition.Batch.Rates);
        Assert.Empty(definition.Batch.ContextTiers);
        Assert.NotNull(definition.Flex);
        Assert.Equal(new RateCard { Input = 0.000001m }, definition.Flex.Rates);
        Assert.NotNull(definition.Priority);
        Assert.Equal(new RateCard { Input = 0.0000035m, Output = 0.000014m }, definition.Priority.Rates);
        ContextTier priorityTier = Assert.Single(definition.Priority.ContextTiers);
        Assert.Equal(272_000, priorityTier.AboveInputTokens);
        Assert.Equal(new RateCard { Input = 0.000007m }, priorityTier.Rates);

        // batch: 1000 × 0.000001 = 0.001; 1000 × 0.000004 = 0.004; total 0.005
        Assert.Equal(0.005m, price.Cost(new LlmUsage(1000, 1000), "batch"));

        // flex: 1000 × 0.000001 = 0.001; output at standard 1000 × 0.000008 = 0.008; total 0.009
        Assert.Equal(0.009m, price.Cost(new LlmUsage(1000, 1000), "flex"));

        // priority @272000: 272001 × 0.000007 = 1.904007; output p@272000 (none) → @272000 0.000016: 1000 × 0.000016 = 0.016; total 1.920007
        Assert.Equal(1.920007m, price.Cost(new LlmUsage(272_001, 1000), "priority"));

        // standard @272000: 272001 × 0.000004 = 1.088004; 1000 × 0.000016 = 0.016; total 1.104004
        Assert.Equal(1.104004m, price.Cost(new LlmUsage(272_001, 1000)));
    }

    [Fact]
    public void ParsesTierTableRows()
    {
        Assert.True(Catalogue().TryGetPrice("tiered-model", out ModelPrice? price));

        Assert.True(price.Definition.Rates.IsEmpty);
        Assert.Equal(2, price.Definition.RangeTiers.Count);
        Assert.Equal(new RangeTier(0, 256_000, new RateCard { Input = 0.0000012m, Output = 0.000006m }), price.Definition.RangeTiers[0]);
        Assert.Equal(new RangeTier(256_000, null, new RateCard { Input = 0.0000024m, Output = 0.000012m }), price.Definition.RangeTiers[1]);

        // first row: 256000 × 0.0000012 = 0.3072; 1000 × 0.000006 = 0.006; total 0.3132
        Assert.Equal(0.3132m, price.Cost(new LlmUsage(256_000, 1000)));

        // second row: 256001 × 0.0000024 = 0.6144024; 1000 × 0.000012 = 0.012; total 0.6264024
        Assert.Equal(0.6264024m, price.Cost(new LlmUsage(256_001, 1000)));
    }

    [Fact]
    public void ARateWithManyDigitsIsParsedExactly()
    {
        PriceTable table = Table("exact-model\t\t\t\t\t\t\tin=0.0000029999900000000002 out=0");
        Assert.True(table.TryGetPrice("exact-model", out ModelPrice? price));

        // 1,000,000 × 0.0000029999900000000002 = 2.9999900000000002
        Assert.Equal(2.9999900000000002m, price.Cost(new LlmUsage(1_000_000, 0)));

        // 2,000,000,000 × 0.0000029999900000000002 = 5999.9800000000004
        Assert.Equal(5999.9800000000004m, price.Cost(new LlmUsage(2_000_000_000, 0)));
    }

    [Fact]
    public void ALineWithoutATrailingNewlineIsRead()
    {
        PriceTable table = Table("first-model\t\t\t\t\t\t\tin=0.000001", "last-model\t\t\t\t\t\t\tin=0.000002");

        Assert.Equal(2, table.ModelCount);
        Assert.True(table.TryGetPrice("last-model", out ModelPrice? price));

        // 1000 × 0.000002 = 0.002
        Assert.Equal(0.002m, price.Cost(new LlmUsage(1000, 0)));
    }

    [Fact]
    public void TheFirstLineToClaimAnIdKeepsIt()
    {
        PriceTable table = Table(
            "one-model\t\t\t\t\t\t\tin=0.000001",
            "two-model\t\t\t\t\t\t\tin=0.000002\tone-model");

        Assert.True(table.TryGetPrice("one-model", out ModelPrice? price));
        Assert.Equal("one-model", price.Model);
        Assert.Equal(0.000001m, price.BaseRates.Input);
    }

    [Fact]
    public void NothingIsParsedBeforeTheFirstUse()
    {
        // A corrupt line that would fail any parse: construction must not touch it.
        PriceTable table = new("lazy-version", "corrupt-model\tx\tchat\tnot-a-number\t1\t\t\tin=0.000001");

        Assert.Equal("lazy-version", table.Version);
        Assert.Throws<InvalidOperationException>(() => table.TryGetPrice("corrupt-model", out _));
    }

    [Theory]
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin=abc")]            // not a number
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin=2.5e-06")]        // exponent
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin=-0.000001")]      // sign
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin=")]               // no value
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\t=0.000001")]         // no key
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin0.000001")]        // no '='
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tzz=0.000001")]       // unknown field
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tq.in=0.000001")]     // unknown scope
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\t")]                  // no rates
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\tin=0.000001  out=0.000002")] // empty pair
    [InlineData("corrupt-model\tx\tchat")]                               // too few fields
    [InlineData("corrupt-model")]                                        // id only
    public void ACorruptRateOrLayoutThrowsInvalidOperationExceptionOnLookup(string corruptLine)
    {
        PriceTable table = Table("good-model\t\t\t\t\t\t\tin=0.000001 out=0.000002", corruptLine);

        // The index is built from ids alone, so the corrupt line is found but cannot be priced.
        Assert.Equal(2, table.ModelCount);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => table.TryGetPrice("corrupt-model", out _));
        Assert.Contains("corrupt-model", error.Message, StringComparison.Ordinal);

        // The other lines are unaffected, and the corrupt one keeps failing.
        Assert.True(table.TryGetPrice("good-model", out _));
        Assert.Throws<InvalidOperationException>(() => table.TryGetPrice("corrupt-model", out _));
    }

    [Theory]
    [InlineData("corrupt-model\tx\tchat\tabc\t1\t\t\tin=0.000001")]         // max input not a number
    [InlineData("corrupt-model\tx\tchat\t1\t-5\t\t\tin=0.000001")]          // max output signed
    [InlineData("corrupt-model\tx\tchat\t1\t1\t30/06/2026\t\tin=0.000001")] // date not yyyy-MM-dd
    [InlineData("corrupt-model\tx\tchat\t1\t1\t2026-13-45\t\tin=0.000001")] // impossible date
    [InlineData("corrupt-model\tx\tchat\t1\t1\t\t\t@abc.in=0.000001")]       // tier threshold not a number
    public void ACorruptNumberOrDateFieldThrowsInvalidOperationExceptionOnLookup(string corruptLine)
    {
        PriceTable table = Table("good-model\t\t\t\t\t\t\tin=0.000001 out=0.000002", corruptLine);

        Assert.Throws<InvalidOperationException>(() => table.TryGetPrice("corrupt-model", out _));
        Assert.True(table.TryGetPrice("good-model", out _));
    }

    [Fact]
    public void ConcurrentFirstLookupsGetTheSameInstance()
    {
        const int threads = 32;
        for (int round = 0; round < 20; round++)
        {
            PriceTable table = Catalogue();
            ModelPrice?[] results = new ModelPrice?[threads];
            using Barrier barrier = new(threads);
            Thread[] workers = new Thread[threads];
            for (int i = 0; i < threads; i++)
            {
                int slot = i;
                workers[i] = new Thread(() =>
                {
                    barrier.SignalAndWait();

                    // Half look the model up by id, half by alias: both must see one instance.
                    string id = slot % 2 == 0 ? "alpha-model" : "alpha-latest";
                    results[slot] = table.TryGetPrice(id, out ModelPrice? price) ? price : null;
                });
                workers[i].Start();
            }

            foreach (Thread worker in workers)
            {
                worker.Join();
            }

            ModelPrice first = Assert.IsType<ModelPrice>(results[0]);
            Assert.All(results, r => Assert.Same(first, r));
        }
    }

    [Fact]
    public void ConcurrentEnumerationAndLookupShareInstances()
    {
        PriceTable table = Catalogue();

        ModelPrice[][] snapshots = [.. Enumerable.Range(0, 16).AsParallel().Select(_ => table.Prices.ToArray())];

        for (int i = 0; i < 5; i++)
        {
            Assert.All(snapshots, s => Assert.Same(snapshots[0][i], s[i]));
        }
    }

    [Fact]
    public void AnEmptyVersionIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new PriceTable("", ""));
    }

    [Fact]
    public void AnEmptyTableHasNoModels()
    {
        PriceTable table = new("empty-version", "");

        Assert.Equal(0, table.ModelCount);
        Assert.Empty(table.Prices);
        Assert.False(table.TryGetPrice("anything", out _));
    }
}
