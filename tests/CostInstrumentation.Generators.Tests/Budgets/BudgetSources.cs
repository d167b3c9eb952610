namespace CostInstrumentation.Generators.Tests.Budgets;

/// <summary>C# sources declaring budgets with [LlmBudget] on the assembly, a class and methods.</summary>
internal static class BudgetSources
{
    public const string Declared = """
        using System.Threading.Tasks;
        using CostInstrumentation;

        [assembly: LlmBudget(MonthlyUsd = 1000)]

        namespace Shop;

        public sealed class Reply(LlmUsage usage) : ILlmUsageSource { public LlmUsage GetLlmUsage() => usage; }

        [LlmBudget(DailyUsd = 12.5, WeeklyUsd = 0.1, WarnAt = new[] { 0.5, 0.9 })]
        public class Assistant
        {
            [MeteredLlmCall]
            [LlmBudget(PerCallUsd = 0.05, DailyUsd = 3, HardLimit = true, Fallback = "acme-small")]
            public Task<Reply> AskAsync(string question, [LlmModel] string model) => Task.FromResult(new Reply(new LlmUsage(1, 1)));

            public sealed class Nested
            {
                [LlmBudget(YearlyUsd = 1E-05)]
                public void Tiny() { }
            }
        }
        """;
}
