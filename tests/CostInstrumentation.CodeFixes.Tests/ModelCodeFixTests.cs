using CostInstrumentation.Generators.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace CostInstrumentation.CodeFixes.Tests;

public sealed class ModelCodeFixTests
{
    private const string Misspelt = """
        using CostInstrumentation;

        public static class Chat
        {
            [MeteredLlmCall("acme-mall")]
            public static LlmUsage Ask(string prompt) => default;
        }
        """;

    [Fact]
    public async Task Unknown_model_offers_one_replacement_per_suggestion_best_first()
    {
        using CodeFixHarness harness = new(Misspelt);
        Diagnostic diagnostic = Assert.Single(await harness.DiagnosticsAsync("LLMC101"));
        IReadOnlyList<CodeAction> actions = await harness.ActionsAsync(new UnknownModelCodeFix(), diagnostic);
        Assert.Equal(new[] { "Use 'acme-small'", "Use 'acme-mini'", "Use 'acme-old'" }, actions.Select(a => a.Title));
    }

    [Theory]
    [InlineData("Use 'acme-small'", "acme-small")]
    [InlineData("Use 'acme-mini'", "acme-mini")]
    public async Task Each_replacement_rewrites_only_the_model_string(string title, string model)
    {
        using CodeFixHarness harness = new(Misspelt);
        Diagnostic diagnostic = Assert.Single(await harness.DiagnosticsAsync("LLMC101"));
        string fixedText = await harness.ApplyAsync(new UnknownModelCodeFix(), diagnostic, title);
        Assert.Equal(Misspelt.Replace("\"acme-mall\"", "\"" + model + "\"", StringComparison.Ordinal), fixedText);
    }

    [Fact]
    public async Task A_named_constant_is_not_rewritten()
    {
        const string source = """
            using CostInstrumentation;

            public static class Chat
            {
                private const string Model = "acme-mall";

                [MeteredLlmCall(Model)]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        using CodeFixHarness harness = new(source);
        Diagnostic diagnostic = Assert.Single(await harness.DiagnosticsAsync("LLMC101"));
        Assert.Empty(await harness.ActionsAsync(new UnknownModelCodeFix(), diagnostic));
    }

    [Fact]
    public async Task Deprecated_model_switches_to_its_successor_and_fix_all_switches_every_one()
    {
        const string source = """
            using CostInstrumentation;

            public static class Chat
            {
                [MeteredLlmCall("acme-old")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-old")]
                public static LlmUsage Again(string prompt) => default;
            }
            """;
        using CodeFixHarness harness = new(source);
        ImmutableArray<Diagnostic> diagnostics = await harness.DiagnosticsAsync("LLMC105");
        Assert.Equal(2, diagnostics.Length);
        string once = await harness.ApplyAsync(new DeprecatedModelCodeFix(), diagnostics[0], "Switch to 'acme-small'");
        Assert.Equal(ReplaceFirst(source, "\"acme-old\"", "\"acme-small\""), once);
        string all = await harness.FixAllAsync(new DeprecatedModelCodeFix(), diagnostics, nameof(DeprecatedModelCodeFix));
        Assert.Equal(source.Replace("\"acme-old\"", "\"acme-small\"", StringComparison.Ordinal), all);
    }

    [Fact]
    public void Each_fix_fixes_the_id_its_analyzer_reports()
    {
        // Both assemblies compile the same shared constants (src/Shared); this checks each fix is wired to its diagnostic.
        Assert.Equal(Generators.Diagnostics.DiagnosticDescriptors.UnknownModel.Id, Assert.Single(new UnknownModelCodeFix().FixableDiagnosticIds));
        Assert.Equal(Generators.Diagnostics.DiagnosticDescriptors.DeprecatedModel.Id, Assert.Single(new DeprecatedModelCodeFix().FixableDiagnosticIds));
        Assert.Equal(Generators.Diagnostics.DiagnosticDescriptors.ExpensiveWithoutBudget.Id, Assert.Single(new AddBudgetCodeFix().FixableDiagnosticIds));
    }

    private static string ReplaceFirst(string text, string oldValue, string newValue)
    {
        int at = text.IndexOf(oldValue, StringComparison.Ordinal);
        return text.Substring(0, at) + newValue + text.Substring(at + oldValue.Length);
    }
}
