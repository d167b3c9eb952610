using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.BudgetFiles;

/// <summary>Budget files (AdditionalFiles with LlmBudgets="true") → LLMC203/LLMC101 in the JSON, and LlmBudgetFiles.g.cs.</summary>
public sealed class BudgetFileTests
{
    private const string Pricing = """
        { "as_of": "2026-11-01", "providers": { "openai": { "gpt-4o": { "input": 2.5, "output": 10 }, "gpt-4o-mini": { "input": 0.15, "output": 0.6 } } } }
        """;

    private const string Valid = """
        {
          "budgets": [
            { "scope": "model", "value": "gpt-4o", "period": "month", "limitUsd": 200, "hardLimit": true, "fallback": "gpt-4o-mini", "warnAt": [0.5, 0.9] },
            { "scope": "global", "period": "day", "limitUsd": 12.5 },
            { "scope": "project", "value": "support", "period": "call", "limitUsd": 0.25 }
          ]
        }
        """;

    [Fact]
    public void A_valid_file_becomes_a_module_initializer_declaring_each_budget()
    {
        (Compilation output, IReadOnlyList<Reported> diagnostics) = Run(Valid);
        Assert.Empty(diagnostics);
        Snapshot.Match(Generated(output), "BudgetFiles.LlmBudgetFiles");
        Assert.Empty(output.Emit(Stream.Null).Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void An_empty_warnAt_declares_no_warning_thresholds_as_an_empty_attribute_WarnAt_does()
    {
        // [LlmBudget(WarnAt = new double[0])] emits an empty WarnAt (only the limit alerts); a file's "warnAt": [] must too,
        // not fall back to the default 0.8 and 0.95.
        (Compilation output, IReadOnlyList<Reported> diagnostics) = Run("""{ "budgets": [ { "scope": "global", "period": "day", "limitUsd": 5, "warnAt": [] } ] }""");
        Assert.Empty(diagnostics);
        Assert.Contains("WarnAt = new decimal[] {", Generated(output), StringComparison.Ordinal);
        Assert.Empty(output.Emit(Stream.Null).Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void No_budget_file_generates_nothing()
    {
        CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(new[] { "class C { }" }, null, out AnalyzerConfigOptionsProvider options, null, null, out ImmutableArray<AdditionalText> additional);
        (Compilation output, _) = AnalyzerHarness.Generate(compilation, additional, options);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith("LlmBudgetFiles.g.cs", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "scope": "model", "value": "gpt-4o", "period": "month", "limitUsd": -5 }""", "-5", "'limitUsd' must be a number greater than zero")]
    [InlineData("""{ "scope": "model", "value": "gpt-4o", "period": "month", "limitUsd": 0 }""", "0", "'limitUsd' must be a number greater than zero")]
    [InlineData("""{ "scope": "model", "value": "gpt-4o", "period": "fortnight", "limitUsd": 5 }""", "\"fortnight\"", "'period' must be one of")]
    [InlineData("""{ "scope": "team", "value": "x", "period": "month", "limitUsd": 5 }""", "\"team\"", "'scope' must be one of")]
    [InlineData("""{ "scope": "model", "value": "", "period": "month", "limitUsd": 5 }""", "\"\"", "A model budget needs the model")]
    [InlineData("""{ "scope": "global", "value": "x", "period": "month", "limitUsd": 5 }""", "\"value\"", "A global budget has no 'value'")]
    [InlineData("""{ "scope": "global", "period": "month", "limitUsd": 5, "warnAt": [0.9, 0.5] }""", "0.5", "'warnAt' values must be in increasing order")]
    [InlineData("""{ "scope": "global", "period": "month", "limitUsd": 5, "warnAt": [1.5] }""", "1.5", "greater than 0 and less than 1")]
    [InlineData("""{ "scope": "global", "period": "month", "limitUsd": 5, "hardLimit": "yes" }""", "\"yes\"", "'hardLimit' must be true or false")]
    [InlineData("""{ "scope": "global", "period": "month", "limitUsd": 5, "limitUSD": 5 }""", "\"limitUSD\"", "Unknown budget field 'limitUSD'; did you mean 'limitUsd'?")]
    public void An_invalid_budget_is_LLMC203_at_the_JSON_token_and_is_left_out(string budget, string token, string message)
    {
        string text = "{ \"budgets\": [ " + budget + " ] }";
        (Compilation output, IReadOnlyList<Reported> diagnostics) = Run(text);
        Reported diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LLMC203", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Expect.MessageContains(diagnostic, message);
        int offset = text.LastIndexOf(token, StringComparison.Ordinal);
        if (token == "\"value\"" || token == "\"limitUSD\"")
        {
            offset = text.IndexOf(token, StringComparison.Ordinal);
        }

        Expect.At(diagnostic, 0, offset, 0, offset + token.Length);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith("LlmBudgetFiles.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_field_given_twice_is_LLMC203_at_the_second_and_the_budget_is_left_out()
    {
        // JSON allows duplicate keys; which one counts would be a guess ("limitUsd": 5 then 0.5), so the budget is rejected.
        const string text = """{ "budgets": [ { "scope": "global", "period": "month", "limitUsd": 5, "limitUsd": 0.5 } ] }""";
        (Compilation output, IReadOnlyList<Reported> diagnostics) = Run(text);
        Reported diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LLMC203", diagnostic.Id);
        Expect.MessageContains(diagnostic, "'limitUsd' is given twice");
        int offset = text.LastIndexOf("\"limitUsd\"", StringComparison.Ordinal);
        Expect.At(diagnostic, 0, offset, 0, offset + "\"limitUsd\"".Length);
        Assert.DoesNotContain(output.SyntaxTrees, t => t.FilePath.EndsWith("LlmBudgetFiles.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_field_is_reported_at_the_budget_object()
    {
        const string text = """{ "budgets": [ { "scope": "global", "period": "month" } ] }""";
        Reported diagnostic = Assert.Single(Run(text).Diagnostics);
        Expect.MessageContains(diagnostic, "'limitUsd' must be a number greater than zero (it is missing)");
        Expect.At(diagnostic, 0, 15, 0, 16);
    }

    [Fact]
    public void Invalid_json_or_another_shape_is_LLMC203()
    {
        Reported broken = Assert.Single(Run("{ \"budgets\": [ ").Diagnostics);
        Assert.Equal("LLMC203", broken.Id);
        Expect.MessageContains(broken, "Budget file 'budgets.json' is not valid JSON");
        Reported shape = Assert.Single(Run("[]").Diagnostics);
        Expect.MessageContains(shape, "A budget file is an object with a 'budgets' array");
    }

    [Fact]
    public void An_unpriced_fallback_is_LLMC101_at_the_fallback_and_the_budget_is_still_declared()
    {
        const string text = """{ "budgets": [ { "scope": "model", "value": "gpt-4o", "period": "month", "limitUsd": 5, "fallback": "gpt-4o-mni" } ] }""";
        (Compilation output, IReadOnlyList<Reported> diagnostics) = Run(text);
        Reported diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LLMC101", diagnostic.Id);
        Expect.MessageContains(diagnostic, "did you mean 'gpt-4o-mini'?");
        int offset = text.IndexOf("\"gpt-4o-mni\"", StringComparison.Ordinal);
        Expect.At(diagnostic, 0, offset, 0, offset + "\"gpt-4o-mni\"".Length);
        Assert.Contains("Fallback = \"gpt-4o-mni\"", Generated(output), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unrelated_edit_leaves_the_BudgetFiles_step_cached_or_unchanged_and_its_values_plain()
    {
        CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(
            new[] { "class C { }" },
            null,
            out AnalyzerConfigOptionsProvider options,
            new[] { new PricingInput("/project/pricing/prices.json", Pricing) },
            new[] { ("/project/budgets.json", Valid) },
            out ImmutableArray<AdditionalText> additional);
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new CostInstrumentationGenerator().AsSourceGenerator() },
            additional,
            Metering.MeteringHarness.ParseOptions,
            options,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        string first = driver.GetRunResult().Results[0].GeneratedSources.Single(s => s.HintName == "LlmBudgetFiles.g.cs").SourceText.ToString();

        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class D { }", Metering.MeteringHarness.ParseOptions, path: "/project/D.cs")));
        GeneratorRunResult second = driver.GetRunResult().Results[0];

        List<(object Value, IncrementalStepRunReason Reason)> outputs = second.TrackedSteps[TrackingNames.BudgetFiles].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{o.Reason}: {o.Value}"));
        Assert.All(outputs, o => Assert.IsType<CostInstrumentation.Generators.BudgetFiles.BudgetFile>(o.Value)); // strings, decimals and spans: no symbols or texts
        Assert.Equal(first, second.GeneratedSources.Single(s => s.HintName == "LlmBudgetFiles.g.cs").SourceText.ToString());
        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output {o.Reason}: {o.Value}"));
    }

    private static (Compilation Output, IReadOnlyList<Reported> Diagnostics) Run(string budgets)
    {
        CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(
            new[] { "class C { }" },
            null,
            out AnalyzerConfigOptionsProvider options,
            new[] { new PricingInput("/project/pricing/prices.json", Pricing) },
            new[] { ("/project/budgets.json", budgets) },
            out ImmutableArray<AdditionalText> additional);
        (Compilation output, ImmutableArray<Diagnostic> diagnostics) = AnalyzerHarness.Generate(compilation, additional, options);
        return (output, diagnostics.Select(GeneratorHarness.ToReported).ToList());
    }

    private static string Generated(Compilation output) =>
        output.SyntaxTrees.Single(t => t.FilePath.EndsWith("LlmBudgetFiles.g.cs", StringComparison.Ordinal)).ToString();
}
