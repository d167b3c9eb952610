using System.Collections.Immutable;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.Budgets;

/// <summary>
/// Emits a module initializer that declares the assembly's <c>[LlmBudget]</c> budgets to the runtime before any of its
/// code runs; amounts are decimal literals, so the runtime never sees a double.
/// </summary>
internal static class BudgetEmitter
{
    public const string HintName = "LlmBudgets.g.cs";
    private const string Runtime = "global::CostInstrumentation.";

    public static string Emit(ImmutableArray<BudgetDeclaration> budgets)
    {
        IndentedWriter writer = GeneratedFile.Begin(null, "CA2255 // A module initializer in a library is the point: the budgets apply when the assembly loads.")
            .Line("/// <summary>The budgets this assembly declares with [LlmBudget].</summary>")
            .Line(GeneratedFile.CodeAttribute)
            .Line("internal static class LlmAttributeBudgets")
            .Open()
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Declare()")
            .Open();
        foreach (BudgetDeclaration budget in budgets)
        {
            string scopeValue = budget.Scope == BudgetScopeKind.Global ? "null" : CSharpLiteral.String(budget.ScopeValue);
            writer.Line($"{Runtime}LlmDeclaredBudgets.Declare(new {Runtime}LlmBudget({Runtime}BudgetScope.{BudgetSpellings.Member(budget.Scope)}, {scopeValue}, {Runtime}BudgetPeriod.{BudgetSpellings.Member(budget.Period)}, {budget.LimitUsd}m)")
                .Open();
            if (budget.HardLimit)
            {
                writer.Line("HardLimit = true,");
            }

            if (budget.Fallback.Length > 0)
            {
                writer.Line($"Fallback = {CSharpLiteral.String(budget.Fallback)},");
            }

            if (budget.HasWarnAt)
            {
                writer.Line($"WarnAt = new decimal[] {{ {string.Join(", ", budget.WarnAt.Select(f => f + "m"))} }},");
            }

            writer.Line($"Source = {CSharpLiteral.String(budget.Source)},")
                .Close("});");
        }

        writer.Close().Close().Close();
        return writer.ToString();
    }
}
