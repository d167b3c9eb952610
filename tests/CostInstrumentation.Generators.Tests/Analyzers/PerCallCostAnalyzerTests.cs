namespace CostInstrumentation.Generators.Tests.Analyzers;

/// <summary>acme-large: 100,000 input tokens × $5/M + 10,000 output × $30/M = $0.80 worst case.</summary>
public sealed class PerCallCostAnalyzerTests
{
    [Fact]
    public void Worst_case_above_the_per_call_budget_is_reported_at_the_metered_attribute()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = 0.5)]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC202");
        Expect.At(diagnostic, source, "MeteredLlmCall(\"acme-large\")");
        Expect.MessageContains(diagnostic, "can cost up to 0.8 USD (100000 input and 10000 output tokens), more than the per-call budget of 0.5 USD");
    }

    [Fact]
    public void Worst_case_within_every_applying_budget_is_not_reported()
    {
        const string source = """
            using CostInstrumentation;
            [LlmBudget(PerCallUsd = 0.9)]
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = 0.8)]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-small")]
                public static LlmUsage Cheap(string prompt) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void A_larger_method_budget_does_not_lift_a_smaller_class_or_assembly_budget()
    {
        // At run time every matching per-call budget applies (BudgetLedger): the method's "Chat.Ask" and the class's "Chat.*".
        const string source = """
            using CostInstrumentation;
            [assembly: LlmBudget(PerCallUsd = 0.6)]
            [LlmBudget(PerCallUsd = 0.5)]
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = 0.8)]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC202");
        Expect.MessageContains(diagnostic, "more than the per-call budget of 0.5 USD");
    }

    [Fact]
    public void A_class_per_call_budget_applies_to_its_methods()
    {
        const string source = """
            using CostInstrumentation;
            [LlmBudget(PerCallUsd = 0.5)]
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC202");
    }

    [Fact]
    public void A_constant_max_tokens_argument_caps_the_output_and_is_judged_per_call()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = 0.6)]
                public static LlmUsage Ask(string prompt, int maxOutputTokens) => default;

                public static void Use(int chosen)
                {
                    Ask("a", 1000);
                    Ask("b", maxOutputTokens: 8000);
                    Ask("c", chosen);
                }
            }
            """;
        IReadOnlyList<Reported> reported = AnalyzerFixtures.Run(source);
        Assert.Equal(2, reported.Count);
        Assert.All(reported, d => Assert.Equal("LLMC202", d.Id));
        Expect.Within(reported[0], source, "maxOutputTokens: 8000", "8000");
        Expect.MessageContains(reported[0], "0.74 USD (100000 input and 8000 output tokens)");
        Expect.At(reported[1], source, "Ask(\"c\", chosen)");
    }

    [Theory]
    [InlineData("1e30")]
    [InlineData("double.MaxValue")]
    public void A_per_call_budget_beyond_the_decimal_range_does_not_crash_the_analyzer(string amount)
    {
        string source = $$"""
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = {{amount}})]
                public static LlmUsage Ask(string prompt, int maxTokens) => default;

                [MeteredLlmCall("acme-large")]
                [LlmBudget(PerCallUsd = {{amount}})]
                public static LlmUsage Again(string prompt) => default;

                public static void Use() => Ask("a", 100);
            }
            """;
        IReadOnlyList<Reported> reported = AnalyzerFixtures.Run(source);
        Assert.DoesNotContain(reported, d => d.Id is "AD0001" or "LLMC202");
    }

    [Fact]
    public void A_per_call_budget_in_a_budget_file_is_judged_too()
    {
        // The runtime enforces a budget file's "period": "call" budgets like [LlmBudget(PerCallUsd)] ones.
        const string source = """
            using CostInstrumentation;
            namespace App;
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                [LlmBudget(MonthlyUsd = 100)]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        static (string, string)[] File(string budget) => new[] { ("/project/budgets.json", "{ \"budgets\": [ " + budget + " ] }") };

        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, budgetFiles: File("""{ "scope": "model", "value": "acme-large", "period": "call", "limitUsd": 0.5 }""")), "LLMC202");
        Expect.At(diagnostic, source, "MeteredLlmCall(\"acme-large\")");
        Expect.MessageContains(diagnostic, "more than the per-call budget of 0.5 USD");
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, budgetFiles: File("""{ "scope": "operation", "value": "App.Chat.*", "period": "call", "limitUsd": 0.5 }""")), "LLMC202");
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source, budgetFiles: File("""{ "scope": "model", "value": "acme-large", "period": "month", "limitUsd": 0.5 }""")));
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source, budgetFiles: File("""{ "scope": "model", "value": "acme-small", "period": "call", "limitUsd": 0.5 }""")));
    }
}
