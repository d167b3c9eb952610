namespace CostInstrumentation.Generators.Tests.Analyzers;

public sealed class BudgetDeclarationAnalyzerTests
{
    [Theory]
    [InlineData("MonthlyUsd = -5", "MonthlyUsd is -5")]
    [InlineData("DailyUsd = 0", "DailyUsd is 0")]
    [InlineData("PerCallUsd = double.NaN", "PerCallUsd is NaN")]
    [InlineData("YearlyUsd = double.PositiveInfinity", "YearlyUsd is Infinity")]
    [InlineData("WeeklyUsd = (byte)0", "WeeklyUsd is 0")]
    [InlineData("MonthlyUsd = 0u", "MonthlyUsd is 0")]
    [InlineData("PerCallUsd = 1e30", "PerCallUsd is 1E+30")]
    [InlineData("MonthlyUsd = double.MaxValue", "MonthlyUsd is 1.7976931348623157E+308")]
    [InlineData("DailyUsd = 1e-30", "DailyUsd is 1E-30")]
    public void An_amount_that_is_not_a_positive_finite_number_is_reported_at_its_argument(string argument, string message)
    {
        string source = $$"""
            using CostInstrumentation;
            public class Chat
            {
                [LlmBudget({{argument}})]
                public static void Ask() { }
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.At(diagnostic, source, argument);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        Expect.MessageContains(diagnostic, message);
    }

    [Theory]
    [InlineData("[LlmBudget(DailyUsd = 1)] void Inner() { } Inner();")]
    [InlineData("System.Action run = [LlmBudget(DailyUsd = 1)] () => { }; run();")]
    public void A_budget_on_a_local_function_or_lambda_declares_nothing_and_is_reported(string body)
    {
        string source = $$"""
            using CostInstrumentation;
            public class Chat
            {
                public static void Ask() { {{body}} }
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.At(diagnostic, source, "LlmBudget(DailyUsd = 1)");
        Expect.MessageContains(diagnostic, "declares no budget");
    }

    [Fact]
    public void A_budget_on_an_operator_declares_nothing_and_is_reported()
    {
        const string source = """
            using CostInstrumentation;
            public class Money
            {
                [LlmBudget(DailyUsd = 1)]
                public static Money operator +(Money a, Money b) => a;
            }
            """;
        Expect.At(AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203"), source, "LlmBudget(DailyUsd = 1)");
    }

    [Fact]
    public void An_attribute_written_through_a_using_alias_is_checked_too()
    {
        // The generator reads aliased attributes (ForAttributeWithMetadataName follows aliases) and drops the bad amount,
        // so the analyzer must see it as well, or the budget vanishes without a word.
        const string source = """
            using Budget = CostInstrumentation.LlmBudgetAttribute;
            using Metered = CostInstrumentation.MeteredLlmCallAttribute;
            public class Chat
            {
                [Metered("acme-lrge")]
                [Budget(MonthlyUsd = -5)]
                public static CostInstrumentation.LlmUsage Ask() => default;
            }
            """;
        IReadOnlyList<Reported> reported = AnalyzerFixtures.Run(source);
        Assert.Equal(new[] { "LLMC101", "LLMC203" }, reported.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
        Expect.At(reported.Single(d => d.Id == "LLMC203"), source, "MonthlyUsd = -5");
        Expect.At(reported.Single(d => d.Id == "LLMC101"), source, "\"acme-lrge\"");
    }

    [Fact]
    public void A_budget_with_no_amount_is_reported_at_the_attribute()
    {
        const string source = """
            using CostInstrumentation;
            [LlmBudget(HardLimit = true)]
            public class Chat { }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.At(diagnostic, source, "LlmBudget(HardLimit = true)");
    }

    [Theory]
    [InlineData("new[] { 0.5, 1.0 }", "1.0")]
    [InlineData("new double[] { 0.9, 0.5 }", "0.5")]
    [InlineData("[0.5, 0.0]", "0.0")]
    [InlineData("new[] { 1e-30, 0.5 }", "1e-30")]
    public void Warning_fractions_outside_0_1_or_out_of_order_are_reported_at_the_value(string warnAt, string bad)
    {
        string source = $$"""
            using CostInstrumentation;
            [LlmBudget(MonthlyUsd = 10, WarnAt = {{warnAt}})]
            public class Chat { }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.Within(diagnostic, source, warnAt, bad);
    }

    [Fact]
    public void A_fallback_on_a_method_without_an_LlmModel_parameter_is_reported()
    {
        const string source = """
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                [LlmBudget(MonthlyUsd = 10, Fallback = "acme-small")]
                public static LlmUsage Ask(string model) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.At(diagnostic, source, "Fallback = \"acme-small\"");
    }

    [Theory]
    [InlineData("in")]
    [InlineData("ref")]
    public void A_fallback_on_a_method_whose_LlmModel_parameter_is_passed_by_reference_is_reported(string modifier)
    {
        // The shim switches a by-value [LlmModel] argument only (InterceptorEmitter): with 'in'/'ref' the fallback never applies.
        string source = $$"""
            using CostInstrumentation;
            public class Chat
            {
                [MeteredLlmCall]
                [LlmBudget(MonthlyUsd = 10, HardLimit = true, Fallback = "acme-small")]
                public static LlmUsage Ask([LlmModel] {{modifier}} string model) => default;
            }
            """;
        Reported diagnostic = AnalyzerFixtures.Only(AnalyzerFixtures.Run(source), "LLMC203");
        Expect.At(diagnostic, source, "Fallback = \"acme-small\"");
    }

    [Fact]
    public void Valid_budgets_are_not_reported()
    {
        const string source = """
            using CostInstrumentation;
            [assembly: LlmBudget(YearlyUsd = 1000)]
            [LlmBudget(MonthlyUsd = 100, DailyUsd = 10, HardLimit = true, WarnAt = new[] { 0.5, 0.8, 0.95 })]
            public class Chat
            {
                [MeteredLlmCall("acme-small")]
                [LlmBudget(PerCallUsd = 1, Fallback = "acme-small")]
                public static LlmUsage Ask([LlmModel] string model) => default;
            }
            """;
        AnalyzerFixtures.None(AnalyzerFixtures.Run(source));
    }
}
