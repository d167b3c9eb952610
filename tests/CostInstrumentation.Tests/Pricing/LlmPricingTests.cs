using System.Reflection;
using System.Text;

namespace CostInstrumentation.Tests.Pricing;

/// <summary>
/// <see cref="LlmPricing"/> is process-wide state, so every test that touches it lives in this one class
/// (xunit runs the tests of a class one at a time) and registers tables whose model ids are unique to it.
/// </summary>
public sealed class LlmPricingTests
{
    private readonly string _prefix = "llmpricing-test-" + Guid.NewGuid().ToString("N") + "-";

    private static PriceTable Table(string version, Assembly? owner, params string[] lines)
    {
        return new PriceTable(version, string.Join("\n", lines), owner);
    }

    private string Line(string model, string rates, params string[] aliases) =>
        string.Join("\t", new[] { _prefix + model, "test", "chat", "", "", "", "", rates }.Concat(aliases.Select(a => _prefix + a)));

    [Fact]
    public void ARegisteredTablesModelIsFoundByIdAndAlias()
    {
        PriceTable table = Table("v-found", owner: null, Line("found", "in=0.000001 out=0.000002", "found-alias"));

        LlmPricing.Register(table);

        Assert.True(LlmPricing.TryGetPrice(_prefix + "found", out ModelPrice? byId));
        Assert.True(LlmPricing.TryGetPrice(_prefix + "found-alias", out ModelPrice? byAlias));
        Assert.Same(byId, byAlias);
        Assert.Equal(_prefix + "found", byId.Model);

        // 1000 × 0.000001 = 0.001; 1000 × 0.000002 = 0.002; total 0.003
        Assert.Equal(0.003m, byId.Cost(new LlmUsage(1000, 1000)));
    }

    [Fact]
    public void AnUnknownModelIsNotFound()
    {
        Assert.False(LlmPricing.TryGetPrice(_prefix + "never-registered", out ModelPrice? price));
        Assert.Null(price);
    }

    [Fact]
    public void NullArgumentsAreRejected()
    {
        Assert.Throws<ArgumentNullException>(() => LlmPricing.Register(null!));
        Assert.Throws<ArgumentNullException>(() => LlmPricing.TryGetPrice(null!, out _));
    }

    [Fact]
    public void GetAllPricesIncludesEveryRegisteredModelOnce()
    {
        PriceTable table = Table("v-all", owner: null, Line("all-one", "in=0.000001", "all-one-alias"), Line("all-two", "in=0.000002"));

        LlmPricing.Register(table);

        List<ModelPrice> mine = [.. LlmPricing.GetAllPrices().Where(p => p.Model.StartsWith(_prefix, StringComparison.Ordinal))];
        Assert.Equal(new[] { _prefix + "all-one", _prefix + "all-two" }, mine.Select(p => p.Model).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RegisteringTheSameTableTwiceKeepsOneRegistration()
    {
        PriceTable table = Table("v-twice", owner: null, Line("twice", "in=0.000001"));

        LlmPricing.Register(table);
        LlmPricing.Register(table);

        Assert.Single(LlmPricing.Tables, t => ReferenceEquals(t, table));
        Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _prefix + "twice");
    }

    [Fact]
    public void AnEarlierTableIsNotOverriddenByALaterOneForTheSameId()
    {
        // Neither table belongs to the entry assembly (the test assembly is not it: the test host is).
        PriceTable earlier = Table("v-earlier", owner: null, Line("shared", "in=0.000001 out=0.000002"), Line("only-earlier", "in=0.000003"));
        PriceTable later = Table("v-later", typeof(LlmPricingTests).Assembly, Line("shared", "in=0.000005 out=0.000006", "later-alias"), Line("only-later", "in=0.000004"));

        LlmPricing.Register(earlier);
        LlmPricing.Register(later);

        IReadOnlyList<PriceTable> tables = LlmPricing.Tables;
        Assert.True(IndexOf(tables, earlier) < IndexOf(tables, later));

        Assert.True(LlmPricing.TryGetPrice(_prefix + "shared", out ModelPrice? shared));

        // earlier table's rates: 1000 × 0.000001 = 0.001; 1000 × 0.000002 = 0.002; total 0.003
        // (the later table's would be 0.005 + 0.006 = 0.011)
        Assert.Equal(0.003m, shared.Cost(new LlmUsage(1000, 1000)));

        // A model only the later table prices, and the later table's alias, are still found there.
        Assert.True(LlmPricing.TryGetPrice(_prefix + "only-later", out ModelPrice? onlyLater));
        Assert.Equal(0.000004m, onlyLater.BaseRates.Input);
        Assert.True(LlmPricing.TryGetPrice(_prefix + "later-alias", out ModelPrice? viaAlias));
        Assert.Equal(0.000005m, viaAlias.BaseRates.Input);

        // GetAllPrices lists the shared id once, from the earlier table.
        ModelPrice listed = Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _prefix + "shared");
        Assert.Same(shared, listed);
        Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _prefix + "only-earlier");
        Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _prefix + "only-later");
    }

    [Fact]
    public void TheEntryAssemblysTableIsConsultedFirst()
    {
        Assembly? entry = Assembly.GetEntryAssembly();
        Assert.NotNull(entry);
        Assert.NotSame(typeof(LlmPricingTests).Assembly, entry);

        PriceTable earlier = Table("v-before-entry", owner: null, Line("entry-shared", "in=0.000001"));
        PriceTable fromEntry = Table("v-entry-" + _prefix, entry, Line("entry-shared", "in=0.000009"));

        LlmPricing.Register(earlier);
        LlmPricing.Register(fromEntry);

        Assert.Same(fromEntry, LlmPricing.Tables[0]);
        Assert.Equal("v-entry-" + _prefix, LlmPricing.Version);
        Assert.True(LlmPricing.TryGetPrice(_prefix + "entry-shared", out ModelPrice? price));
        Assert.Equal(0.000009m, price.BaseRates.Input);
        Assert.Equal(0.000009m, Assert.Single(LlmPricing.GetAllPrices(), p => p.Model == _prefix + "entry-shared").BaseRates.Input);
    }

    [Fact]
    public void VersionIsTheFirstTablesVersion()
    {
        LlmPricing.Register(Table("v-version", owner: null, Line("version", "in=0.000001")));

        Assert.NotEmpty(LlmPricing.Tables);
        Assert.Equal(LlmPricing.Tables[0].Version, LlmPricing.Version);
    }

    private static int IndexOf(IReadOnlyList<PriceTable> tables, PriceTable table)
    {
        for (int i = 0; i < tables.Count; i++)
        {
            if (ReferenceEquals(tables[i], table))
            {
                return i;
            }
        }

        return -1;
    }
}
