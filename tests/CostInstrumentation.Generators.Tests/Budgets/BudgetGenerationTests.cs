using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.CompilerServices;
using CostInstrumentation.Generators;
using CostInstrumentation.Generators.Budgets;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Tests.Metering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Generators.Tests.Budgets;

/// <summary>[LlmBudget] compiled into a module initializer that declares exact decimal budgets.</summary>
public sealed class BudgetGenerationTests
{
    private const string Unrelated = """
        namespace Shop.More;

        public sealed class Unrelated
        {
            public int Value { get; init; }
        }
        """;

    [Fact]
    public void Budgets_MatchTheSnapshot_AndCompileWithoutWarnings()
    {
        GeneratorRun run = GeneratorHarness.Run(MeteringHarness.Driver(), MeteringHarness.Compilation(BudgetSources.Declared).WithAssemblyName("Shop"));

        Assert.Empty(run.CompilationDiagnostics);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Snapshot.Match(run.Sources["LlmBudgets.g.cs"], "DeclaredBudgets.LlmBudgets");
    }

    [Fact]
    public void TheModuleInitializer_DeclaresTheBudgets_WithTheDecimalsTheLiteralsSpell()
    {
        string ns = "Budgets" + Guid.NewGuid().ToString("N");
        GeneratorRun run = MeteringHarness.Run(BudgetSources.Declared.Replace("namespace Shop;", $"namespace {ns};", StringComparison.Ordinal));
        Assembly assembly = MeteringHarness.Load(run);

        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

        LlmBudget[] declared = [.. LlmDeclaredBudgets.All.Where(b => b.Source!.Contains(ns, StringComparison.Ordinal))];
        Assert.Equal(
            [
                (BudgetScope.Operation, $"{ns}.Assistant.*", BudgetPeriod.Day, 12.5m),
                (BudgetScope.Operation, $"{ns}.Assistant.*", BudgetPeriod.Week, 0.1m),
                (BudgetScope.Operation, $"{ns}.Assistant.AskAsync", BudgetPeriod.PerCall, 0.05m),
                (BudgetScope.Operation, $"{ns}.Assistant.AskAsync", BudgetPeriod.Day, 3m),
                (BudgetScope.Operation, $"{ns}.Assistant.Nested.Tiny", BudgetPeriod.Year, 0.00001m),
            ],
            declared.Select(b => (b.Scope, b.ScopeValue!, b.Period, b.LimitUsd)));
        Assert.Equal([0.5m, 0.9m], declared[0].WarnAt);
        Assert.Equal([0.8m, 0.95m], declared[2].WarnAt);
        Assert.Equal((true, "acme-small", $"[LlmBudget] on {ns}.Assistant.AskAsync"), (declared[2].HardLimit, declared[2].Fallback, declared[2].Source));
        Assert.Contains(LlmDeclaredBudgets.All, b => b.Scope == BudgetScope.Global && b.LimitUsd == 1000m && b.Source == "[LlmBudget] on assembly " + assembly.GetName().Name);
    }

    [Fact]
    public void BudgetsOfOverloadsInDifferentFiles_AreEmittedInTheSameOrder_WhateverTheFileOrder()
    {
        const string first = """
            using CostInstrumentation;
            namespace Shop;
            public partial class Bot
            {
                [LlmBudget(DailyUsd = 1)]
                public void Ask() { }
            }
            """;
        const string second = """
            using CostInstrumentation;
            namespace Shop;
            public partial class Bot
            {
                [LlmBudget(DailyUsd = 2, HardLimit = true)]
                public void Ask(int times) { }
            }
            """;

        string forward = MeteringHarness.Run(first, second).Sources["LlmBudgets.g.cs"];
        string backward = MeteringHarness.Run(second, first).Sources["LlmBudgets.g.cs"];

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void ANamedArgumentGivenTwice_DoesNotCrashTheGenerator()
    {
        // CS0643 in the user's code, typically mid-edit in the IDE; a generator exception would drop the price table and
        // every interceptor with it (and CS8785 is an error under the package's props).
        const string source = """
            using CostInstrumentation;
            public class Bot
            {
                [LlmBudget(DailyUsd = 1, DailyUsd = 2)]
                public void Ask() { }
            }
            """;

        GeneratorRun run = MeteringHarness.Run(source);

        Assert.True(run.Result.Exception is null, "The generator threw: " + run.Result.Exception);
        Assert.DoesNotContain(run.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    [Fact]
    public void AmountsThatAreNotPositiveDecimals_DeclareNothing()
    {
        const string source = """
            using CostInstrumentation;
            public class Bot
            {
                [LlmBudget(DailyUsd = 0, WeeklyUsd = -5, MonthlyUsd = double.NaN, YearlyUsd = 1E+300, PerCallUsd = 1E-300)]
                public void Ask() { }
            }
            """;

        GeneratorRun run = MeteringHarness.Run(source);

        Assert.False(run.Sources.ContainsKey("LlmBudgets.g.cs"));
    }

    [Fact]
    public void AnUnrelatedEdit_LeavesTheBudgetsStepCachedOrUnchanged_AndItsValuesPlain()
    {
        GeneratorRun first = MeteringHarness.Run(BudgetSources.Declared);
        CSharpCompilation edited = first.InputCompilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, MeteringHarness.ParseOptions, path: "/project/Unrelated.cs"));
        GeneratorRun second = first.Rerun(edited);

        List<(object Value, IncrementalStepRunReason Reason)> outputs = second.StepOutputs(TrackingNames.Budgets);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{o.Reason}: {o.Value}"));
        Assert.Equal(first.Sources["LlmBudgets.g.cs"], second.Sources["LlmBudgets.g.cs"]);
        Assert.All(outputs, o => Assert.IsType<EquatableArray<BudgetDeclaration>>(o.Value)); // strings and bools only: no symbols, nodes or locations
    }

    [Fact]
    public void EditingABudget_ChangesTheDeclaredAmount()
    {
        GeneratorRun first = MeteringHarness.Run(BudgetSources.Declared);
        SyntaxTree tree = first.InputCompilation.SyntaxTrees.Single();
        SyntaxTree changed = tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(BudgetSources.Declared.Replace("DailyUsd = 3,", "DailyUsd = 4,", StringComparison.Ordinal)));
        GeneratorRun second = first.Rerun(first.InputCompilation.ReplaceSyntaxTree(tree, changed));

        Assert.Contains("BudgetPeriod.Day, 4m)", second.Sources["LlmBudgets.g.cs"], StringComparison.Ordinal);
        Assert.DoesNotContain("BudgetPeriod.Day, 3m)", second.Sources["LlmBudgets.g.cs"], StringComparison.Ordinal);
    }
}
