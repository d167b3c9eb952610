namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class BudgetCoverageAnalyzerTests
{
    private const string Unbudgeted = """
        using CostInstrumentation;
        namespace App;
        public class Chat
        {
            [MeteredLlmCall("acme-large", Provider = "acme", Project = "support")]
            public static LlmUsage Ask(string prompt) => default;

            public static void Use() { Ask("a"); Ask("b"); }
        }
        """;

    [Fact]
    public void Expensive_model_without_a_budget_is_reported_once_at_the_attribute()
    {
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(Unbudgeted), "LLMC201");
        Expect.At(diagnostic, Unbudgeted, "MeteredLlmCall(\"acme-large\", Provider = \"acme\", Project = \"support\")");
        Expect.MessageContains(diagnostic, "'Chat.Ask' calls the expensive model 'acme-large' (30 USD per 1M output tokens)");
    }

    [Theory]
    [InlineData("[LlmBudget(MonthlyUsd = 100)]", "")]
    [InlineData("", "[LlmBudget(DailyUsd = 5)]")]
    public void A_budget_on_the_method_or_its_class_covers_it(string onMethod, string onClass)
    {
        string source = $$"""
            using CostInstrumentation;
            {{onClass}}
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                {{onMethod}}
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void A_budget_on_an_outer_type_or_the_assembly_covers_it()
    {
        const string nested = """
            using CostInstrumentation;
            [LlmBudget(MonthlyUsd = 100)]
            public class Outer
            {
                public class Chat
                {
                    [MeteredLlmCall("acme-large")]
                    public static LlmUsage Ask(string prompt) => default;
                }
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(nested));
        AnalyzerFixtures.None(AnalyzerFixtures.Run("[assembly: CostInstrumentation.LlmBudget(YearlyUsd = 1000)]\n" + Unbudgeted));
    }

    [Theory]
    [InlineData("""{ "scope": "model", "value": "acme-large", "period": "month", "limitUsd": 200 }""")]
    [InlineData("""{ "scope": "provider", "value": "acme", "period": "month", "limitUsd": 200 }""")]
    [InlineData("""{ "scope": "project", "value": "support", "period": "day", "limitUsd": 20 }""")]
    [InlineData("""{ "scope": "global", "period": "year", "limitUsd": 2000 }""")]
    [InlineData("""{ "scope": "provider", "value": "ACME", "period": "month", "limitUsd": 200 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.Chat.Ask", "period": "month", "limitUsd": 200 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.Chat.*", "period": "month", "limitUsd": 200 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.*", "period": "month", "limitUsd": 200 }""")]
    public void A_budget_file_covering_the_model_provider_project_or_everything_covers_it(string budget)
    {
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Unbudgeted, budgetFiles: new[] { ("/project/budgets.json", "{ \"budgets\": [ " + budget + " ] }") }));
    }

    [Theory]
    [InlineData("""{ "scope": "model", "value": "acme-small", "period": "month", "limitUsd": 5 }""")]
    [InlineData("""{ "scope": "model", "value": "ACME-LARGE", "period": "month", "limitUsd": 5 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.Chat.Other", "period": "month", "limitUsd": 5 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.Chat", "period": "month", "limitUsd": 5 }""")]
    [InlineData("""{ "scope": "operation", "value": "App.Ch*", "period": "month", "limitUsd": 5 }""")]
    public void A_budget_file_for_another_model_or_operation_does_not_cover_it(string budget)
    {
        var files = new[] { ("/project/budgets.json", "{ \"budgets\": [ " + budget + " ] }") };
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(Unbudgeted, budgetFiles: files), "LLMC201");
    }

    [Fact]
    public void Cheap_models_and_methods_without_a_named_model_are_not_reported()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall]
                public static LlmUsage Choose([LlmModel] string model) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }

    [Fact]
    public void The_threshold_and_the_always_expensive_list_come_from_editorconfig()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-large")]
                public static LlmUsage Big(string prompt) => default;
            }
            """;
        IReadOnlyList<Reported> lowered = AnalyzerFixtures.Run(source, "root = true\n[*.cs]\nllmcost.expensive_output_usd_per_mtok = 0.4\n");
        Assert.Equal(new[] { "LLMC201", "LLMC201" }, lowered.Select(d => d.Id));

        IReadOnlyList<Reported> raised = AnalyzerFixtures.Run(source, "root = true\n[*.cs]\nllmcost.expensive_output_usd_per_mtok = 50\n");
        AnalyzerFixtures.None(raised);

        Reported listed = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, "root = true\n[*.cs]\nllmcost.expensive_output_usd_per_mtok = 50\nllmcost.expensive_models = acme-other, acme-small\n"), "LLMC201");
        Expect.MessageContains(listed, "'acme-small' (listed in llmcost.expensive_models)");
    }

    [Fact]
    public void A_globalconfig_key_and_the_MSBuild_property_set_the_threshold()
    {
        const string globalConfig = "is_global = true\nllmcost.expensive_output_usd_per_mtok = 50\n";
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Unbudgeted, globalConfig));
        AnalyzerFixtures.None(AnalyzerFixtures.Run(Unbudgeted, "is_global = true\nbuild_property.LlmExpensiveOutputUsdPerMTok = 50\n"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1e400")]
    [InlineData("")]
    public void An_invalid_threshold_falls_back_to_the_default_of_10(string value)
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                public static LlmUsage Ask(string prompt) => default;

                [MeteredLlmCall("acme-large")]
                public static LlmUsage Big(string prompt) => default;
            }
            """;
        Reported reported = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, "root = true\n[*.cs]\nllmcost.expensive_output_usd_per_mtok = " + value + "\n"), "LLMC201");
        Expect.MessageContains(reported, "'acme-large' (30 USD per 1M output tokens)");
    }

    [Fact]
    public void A_project_budget_named_after_the_assembly_does_not_cover_a_method_that_names_no_project()
    {
        // At run time a call that names no Project records LlmCostContext's project, else LlmCostOptions.DefaultProject
        // (null unless configured), never the assembly name: such a budget file does not apply to it.
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-large")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        var files = new[] { ("/project/budgets.json", """{ "budgets": [ { "scope": "project", "value": "Consumer", "period": "month", "limitUsd": 5 } ] }""") };
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, budgetFiles: files), "LLMC201");
    }

    [Fact]
    public void A_model_budget_covers_the_model_and_its_aliases_as_the_runtime_matches_them()
    {
        // BudgetSubject counts a call under a model budget when both ids price as the same model (an alias, a dated snapshot).
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small-2026-01-01")]
                public static LlmUsage Ask(string prompt) => default;
            }
            """;
        const string expensive = "root = true\n[*.cs]\nllmcost.expensive_output_usd_per_mtok = 0.1\n";
        static (string, string)[] File(string model) => new[] { ("/project/budgets.json", "{ \"budgets\": [ { \"scope\": \"model\", \"value\": \"" + model + "\", \"period\": \"month\", \"limitUsd\": 5 } ] }") };
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source, expensive, File("acme-small")));
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source, expensive, File("acme-small-2026-01-01")));
        AnalyzerFixtures.Only(AnalyzerFixtures.Run(source, expensive, File("acme-large")), "LLMC201");
    }
}
