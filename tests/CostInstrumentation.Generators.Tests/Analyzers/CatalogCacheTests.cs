using CostInstrumentation.Generators.Analyzers;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.Analyzers;

/// <summary>In the IDE every edit is a new compilation over the same pricing texts: the catalogue is merged once, not per edit.</summary>
public sealed class CatalogCacheTests
{
    [Fact]
    public void A_new_compilation_of_the_same_pricing_texts_reuses_the_merged_catalogue_and_a_changed_text_does_not()
    {
        PricingInput pricing = new("/project/pricing/prices.json", AnalyzerFixtures.Pricing);
        CSharpCompilation first = AnalyzerHarness.CreateCompilation(["class A { }"], null, out AnalyzerConfigOptionsProvider options, [pricing], null, out var additional);
        AnalyzerOptions analyzerOptions = new(additional, options);

        PriceLookup merged = CatalogCache.Get(first, analyzerOptions, CancellationToken.None);
        PriceLookup afterAnEdit = CatalogCache.Get(first.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", Metering.MeteringHarness.ParseOptions)), analyzerOptions, CancellationToken.None);

        Assert.Same(merged, afterAnEdit);
        Assert.True(afterAnEdit.TryGet("acme-small", out _));

        PricingInput edited = new(pricing.Path, AnalyzerFixtures.Pricing.Replace("\"acme-large\"", "\"acme-huge\"", StringComparison.Ordinal));
        CSharpCompilation second = AnalyzerHarness.CreateCompilation(["class A { }"], null, out AnalyzerConfigOptionsProvider editedOptions, [edited], null, out var editedAdditional);
        PriceLookup afterAPricingEdit = CatalogCache.Get(second, new AnalyzerOptions(editedAdditional, editedOptions), CancellationToken.None);

        Assert.NotSame(merged, afterAPricingEdit);
        Assert.True(afterAPricingEdit.TryGet("acme-huge", out _));
        Assert.False(afterAPricingEdit.TryGet("acme-large", out _));
    }
}
