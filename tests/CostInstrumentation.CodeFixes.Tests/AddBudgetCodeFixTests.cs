using Microsoft.CodeAnalysis;

namespace CostInstrumentation.CodeFixes.Tests;

public sealed class AddBudgetCodeFixTests
{
    private const string Source = """
        using CostInstrumentation;

        namespace App
        {
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-large")]
                public static LlmUsage Again(string prompt) => default;
            }
        }
        """;

    [Fact]
    public async Task Adds_the_budget_to_the_method()
    {
        using CodeFixHarness harness = new(Source);
        ImmutableArray<Diagnostic> diagnostics = await harness.DiagnosticsAsync("LLMC201");
        Assert.Equal(2, diagnostics.Length);
        string fixedText = await harness.ApplyAsync(new AddBudgetCodeFix(), diagnostics[0], "Add [LlmBudget(MonthlyUsd = 100)] to 'Ask'");
        Assert.Equal("""
            using CostInstrumentation;

            namespace App
            {
                public class Chat
                {
                    [MeteredLlmCall("acme-large")]
                    [LlmBudget(MonthlyUsd = 100)]
                    public static LlmUsage Ask(string prompt) => default;

                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Again(string prompt) => default;
                }
            }
            """, fixedText);
    }

    [Fact]
    public async Task Adds_the_budget_to_the_class()
    {
        using CodeFixHarness harness = new(Source);
        ImmutableArray<Diagnostic> diagnostics = await harness.DiagnosticsAsync("LLMC201");
        string fixedText = await harness.ApplyAsync(new AddBudgetCodeFix(), diagnostics[1], "Add [LlmBudget(MonthlyUsd = 100)] to 'Chat'");
        Assert.Equal("""
            using CostInstrumentation;

            namespace App
            {
                [LlmBudget(MonthlyUsd = 100)]
                public class Chat
                {
                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Ask(string prompt) => default;

                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Again(string prompt) => default;
                }
            }
            """, fixedText);
    }

    [Fact]
    public async Task Fix_all_adds_one_budget_per_method_or_one_per_class()
    {
        using CodeFixHarness harness = new(Source);
        ImmutableArray<Diagnostic> diagnostics = await harness.DiagnosticsAsync("LLMC201");
        string onMethods = await harness.FixAllAsync(new AddBudgetCodeFix(), diagnostics, AddBudgetCodeFix.OnMethodKey);
        Assert.Equal(2, CountOf(onMethods, "[LlmBudget(MonthlyUsd = 100)]"));
        Assert.Contains("[MeteredLlmCall(\"acme-large\")]\n        [LlmBudget(MonthlyUsd = 100)]\n        public static LlmUsage Again", onMethods, StringComparison.Ordinal);

        string onClass = await harness.FixAllAsync(new AddBudgetCodeFix(), diagnostics, AddBudgetCodeFix.OnClassKey);
        Assert.Equal(1, CountOf(onClass, "[LlmBudget(MonthlyUsd = 100)]"));
    }

    [Fact]
    public async Task Without_the_using_the_attribute_is_written_qualified()
    {
        const string source = """
            public class Chat
            {
                [CostInstrumentation.MeteredLlmCall("acme-large")]
                public static CostInstrumentation.LlmUsage Ask(string prompt) => default;
            }
            """;
        using CodeFixHarness harness = new(source);
        Diagnostic diagnostic = Assert.Single(await harness.DiagnosticsAsync("LLMC201"));
        string fixedText = await harness.ApplyAsync(new AddBudgetCodeFix(), diagnostic, "Add [LlmBudget(MonthlyUsd = 100)] to 'Ask'");
        Assert.Equal("""
            public class Chat
            {
                [CostInstrumentation.MeteredLlmCall("acme-large")]
                [CostInstrumentation.LlmBudget(MonthlyUsd = 100)]
                public static CostInstrumentation.LlmUsage Ask(string prompt) => default;
            }
            """, fixedText);
    }

    [Fact]
    public async Task On_a_class_without_attributes_the_budget_goes_after_its_doc_comment()
    {
        const string source = """
            using CostInstrumentation;

            namespace App
            {
                /// <summary>The chat.</summary>
                public class Chat
                {
                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Ask(string prompt) => default;
                }
            }
            """;
        using CodeFixHarness harness = new(source);
        Diagnostic diagnostic = Assert.Single(await harness.DiagnosticsAsync("LLMC201"));
        const string expected = """
            using CostInstrumentation;

            namespace App
            {
                /// <summary>The chat.</summary>
                [LlmBudget(MonthlyUsd = 100)]
                public class Chat
                {
                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Ask(string prompt) => default;
                }
            }
            """;
        Assert.Equal(expected, await harness.ApplyAsync(new AddBudgetCodeFix(), diagnostic, "Add [LlmBudget(MonthlyUsd = 100)] to 'Chat'"));
        Assert.Equal(expected, await harness.FixAllAsync(new AddBudgetCodeFix(), ImmutableArray.Create(diagnostic), AddBudgetCodeFix.OnClassKey));
    }

    private static int CountOf(string text, string needle)
    {
        int count = 0;
        for (int at = text.IndexOf(needle, StringComparison.Ordinal); at >= 0; at = text.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
