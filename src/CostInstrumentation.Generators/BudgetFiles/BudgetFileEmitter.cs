using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;

namespace CostInstrumentation.Generators.BudgetFiles;

/// <summary>Emits the budgets of every budget file as <c>LlmDeclaredBudgets.Declare</c> calls in a module initializer.</summary>
internal static class BudgetFileEmitter
{
    public const string HintName = "LlmBudgetFiles.g.cs";

    public static string Emit(ImmutableArray<BudgetFile> files)
    {
        IndentedWriter writer = GeneratedFile.Begin(null, "CA2255 // The budgets declare themselves when the assembly loads, before any metered call.")
            .Line("/// <summary>The budgets declared in this project's budget files.</summary>")
            .Line(GeneratedFile.CodeAttribute)
            .Line("internal static class LlmBudgetFiles")
            .Open()
            .Line("[global::System.Runtime.CompilerServices.ModuleInitializer]")
            .Line("internal static void Declare()")
            .Open();
        foreach (BudgetFile file in files)
        {
            string source = CSharpLiteral.String(System.IO.Path.GetFileName(file.Path));
            foreach (BudgetFileEntry entry in file.Entries)
            {
                string value = entry.Scope == BudgetScopeKind.Global ? "null" : CSharpLiteral.String(entry.Value);
                string initialisers = "HardLimit = " + (entry.HardLimit ? "true" : "false")
                    + (entry.Fallback.Length > 0 ? ", Fallback = " + CSharpLiteral.String(entry.Fallback) : string.Empty)
                    + (entry.HasWarnAt ? ", WarnAt = new decimal[] { " + string.Join(", ", entry.WarnAt.Select(Decimal)) + " }" : string.Empty)
                    + ", Source = " + source;
                writer.Line($"global::CostInstrumentation.LlmDeclaredBudgets.Declare(new global::CostInstrumentation.LlmBudget(global::CostInstrumentation.BudgetScope.{BudgetSpellings.Member(entry.Scope)}, {value}, global::CostInstrumentation.BudgetPeriod.{BudgetSpellings.Member(entry.Period)}, {Decimal(entry.LimitUsd)}) {{ {initialisers} }});");
            }
        }

        writer.Close().Close().Close();
        return writer.ToString();
    }

    private static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture) + "m";
}
