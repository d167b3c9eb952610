using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class ModelNameAnalyzerTests
{
    [Fact]
    public void Unknown_model_in_the_attribute_is_reported_at_the_argument_with_suggestions()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-smal")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC101");
        Expect.At(diagnostic, source, "\"acme-smal\"");
        Assert.Equal(DiagnosticSeverityWarning, diagnostic.Severity);
        Expect.MessageContains(diagnostic, "Model 'acme-smal' is in no pricing table", "did you mean 'acme-small'?");
    }

    [Fact]
    public void Suggestions_are_in_the_diagnostic_properties_best_first()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-lage")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        Microsoft.CodeAnalysis.Diagnostic diagnostic = RawSingle(source);
        Assert.False(diagnostic.Properties.ContainsKey("Model")); // no code fix reads the model back: it is the literal the diagnostic points at
        Assert.Equal("acme-large|acme-later", diagnostic.Properties["Suggestions"]);
    }

    [Fact]
    public void Unknown_fallback_model_is_LLMC101_at_the_fallback_value()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-small")]
                [LlmBudget(MonthlyUsd = 10, Fallback = "acme-tiny")]
                public static LlmUsage Ask([LlmModel] string model) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC101");
        Expect.At(diagnostic, source, "\"acme-tiny\"");
    }

    [Fact]
    public void Constant_argument_to_an_LlmModel_parameter_is_checked_at_the_argument()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                private const string Model = "acme-lrge";

                [MeteredLlmCall]
                public static LlmUsage Ask([LlmModel] string model, string prompt) => default;

                public static void Use(string chosen)
                {
                    Ask("acme-small", "hi");
                    Ask(chosen, "hi");
                    Ask(prompt: "hi", model: Model);
                }
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC101");
        Expect.Within(diagnostic, source, "model: Model", "Model");
        Expect.MessageContains(diagnostic, "'acme-lrge'", "did you mean 'acme-large' or 'acme-later'?");
    }

    [Fact]
    public void A_default_value_of_an_LlmModel_parameter_is_checked_once_at_the_default()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall]
                public static LlmUsage Ask(string prompt, [LlmModel] string model = "acme-lrge") => default;

                public static void Use()
                {
                    Ask("a");
                    Ask("b");
                }
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC101");
        Expect.At(diagnostic, source, "\"acme-lrge\"");
    }

    [Fact]
    public void Priced_names_and_aliases_are_not_reported()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-small-2026-01-01")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-small")]
                [LlmBudget(MonthlyUsd = 10, Fallback = "acme-small")]
                public static LlmUsage Other([LlmModel] string model) => default;

                public static void NotAModelParameter() => System.Console.WriteLine("acme-smal");
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void Without_any_pricing_file_no_model_is_reported_unknown()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("whatever")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source, withPricing: false));
    }

    [Fact]
    public void A_model_past_its_deprecation_date_names_the_date_and_the_priced_successor()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-old")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        IReadOnlyList<Reported> reported = AnalyzerFixtures.Run(source);
        Reported diagnostic = AnalyzerFixtures.Only(reported, "LLMC105");
        Expect.At(diagnostic, source, "\"acme-old\"");
        Expect.MessageContains(diagnostic, "Model 'acme-old' is deprecated since 2020-01-01", "switch to its successor 'acme-small'");
        Assert.Equal("acme-small", RawSingle(source).Properties["Successor"]);
    }

    [Fact]
    public void A_model_within_the_warning_window_is_reported_without_an_unpriced_successor()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-retiring")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC105");
        Expect.MessageContains(diagnostic, $"will be deprecated on {AnalyzerFixtures.Days(10)}, in 10 days", "switch to a current model");
        Assert.DoesNotContain("acme-unpriced", diagnostic.Message, StringComparison.Ordinal);
        Assert.False(RawSingle(source).Properties.ContainsKey("Successor"));
    }

    [Fact]
    public void A_model_deprecated_beyond_the_window_is_not_reported_until_the_window_is_widened()
    {
        const string source = """
            using CostInstrumentation;
            public static class Chat
            {
                [MeteredLlmCall("acme-later")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, "root = true\n[*.cs]\nllmcost.deprecation_warning_days = 120\n"), "LLMC105");
        Expect.MessageContains(diagnostic, "in 100 days");
    }

    private const Microsoft.CodeAnalysis.DiagnosticSeverity DiagnosticSeverityWarning = Microsoft.CodeAnalysis.DiagnosticSeverity.Warning;

    private static Microsoft.CodeAnalysis.Diagnostic RawSingle(string source)
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = AnalyzerHarness.CreateCompilation(
            new[] { source }, null, out Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider options,
            new[] { new PricingInput("/project/pricing/prices.json", AnalyzerFixtures.Pricing) }, null, out ImmutableArray<Microsoft.CodeAnalysis.AdditionalText> additional);
        ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> diagnostics = compilation
            .WithAnalyzers(ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new CostInstrumentation.Generators.Analyzers.ModelNameAnalyzer()), new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(additional, options))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return Assert.Single(diagnostics);
    }
}
