using CostInstrumentation.Generators.Metering.Parse;
using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC202: the worst case of one call (<see cref="WorstCaseCall"/>: the model's whole context window at its highest
/// input rate plus its maximum output, or a constant max-tokens argument, at its highest output rate) exceeds the <c>PerCallUsd</c> budget that applies. A method with a
/// max-tokens parameter is judged at each call instead, where a constant argument caps the output.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PerCallCostAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.PerCallBudgetExceeded);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is not { LlmBudget: not null } symbols)
            {
                return;
            }

            PriceLookup prices = CatalogCache.Get(start.Compilation, start.Options, start.CancellationToken);
            if (prices.IsEmpty)
            {
                return;
            }

            BudgetFileSet budgetFiles = BudgetFileCache.Get(start.Options, start.CancellationToken);
            start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols, prices, budgetFiles), SymbolKind.Method);
            start.RegisterOperationAction(c => AnalyzeCall(c, symbols, prices, budgetFiles), OperationKind.Invocation);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, CostSymbols symbols, PriceLookup prices, BudgetFileSet budgetFiles)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (MaxTokensParameter(method) < 0
            && Budgeted(method, symbols, prices, budgetFiles) is var (metered, model, entry, limit)
            && WorstCase(entry, maxOutputCap: null) is var (cost, how) && cost > limit)
        {
            Location location = MeteredMethods.AttributeLocation(metered, method, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PerCallBudgetExceeded, location, Name(method), model, Usd(cost), how, Usd(limit)));
        }
    }

    private static void AnalyzeCall(OperationAnalysisContext context, CostSymbols symbols, PriceLookup prices, BudgetFileSet budgetFiles)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (symbols.MeteredAttribute(method.OriginalDefinition) is null)
        {
            return;
        }

        int index = MaxTokensParameter(method);
        if (index < 0 || Budgeted(method.OriginalDefinition, symbols, prices, budgetFiles) is not var (_, model, entry, limit))
        {
            return;
        }

        IArgumentOperation? argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, method.OriginalDefinition.Parameters[index]));
        long? cap = argument?.Value.ConstantValue is { HasValue: true, Value: { } value } ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        if (WorstCase(entry, cap) is var (cost, how) && cost > limit)
        {
            SyntaxNode at = cap is not null ? argument!.Value.Syntax : invocation.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PerCallBudgetExceeded, at.GetLocation(), Name(method), model, Usd(cost), how, Usd(limit)));
        }
    }

    /// <summary>
    /// The metered method's priced model and the smallest per-call budget that applies, when it has both: at run time
    /// every matching budget is enforced (the method's, each containing type's, the assembly's), not only the nearest.
    /// </summary>
    private static (AttributeData Metered, string Model, PriceEntry Entry, decimal Limit)? Budgeted(IMethodSymbol method, CostSymbols symbols, PriceLookup prices, BudgetFileSet budgetFiles)
    {
        if (symbols.MeteredAttribute(method) is not { } metered
            || MeteredMethodFacts.AttributeModel(metered) is not { Length: > 0 } model
            || !prices.TryGet(model, out PriceEntry entry))
        {
            return null;
        }

        decimal? smallest = null;
        foreach (AttributeData budget in BudgetAttributes.Applying(method, symbols))
        {
            // Only an amount the generator declares (a positive decimal) is a budget at run time; 1e30 is not one.
            if (BudgetAttributes.Amount(budget, BudgetSpellings.AttributeProperty(BudgetPeriodKind.PerCall)) is double amount && Budgets.BudgetAttributeReader.DeclaredAmount(amount) is decimal limit
                && (smallest is null || limit < smallest))
            {
                smallest = limit;
            }
        }

        // A budget file's per-call budgets apply alongside (docs/configuration.md).
        (string provider, string project, string operation) = MeteredMethods.Subject(method, metered, entry.Provider);
        if (budgetFiles.SmallestPerCall(prices, model, provider, project, operation) is decimal fromFile && (smallest is null || fromFile < smallest))
        {
            smallest = fromFile;
        }

        return smallest is decimal found ? (metered, model, entry, found) : null;
    }

    /// <summary>The worst case of one call (the shared rule: the context window, the output cap or the model's maximum output) at the model's highest standard rates.</summary>
    private static (decimal Cost, string How)? WorstCase(PriceEntry entry, long? maxOutputCap)
    {
        WorstCaseTokens tokens = WorstCaseCall.Tokens(knownInputTokens: null, maxOutputCap, entry.MaxInputTokens, entry.MaxOutputTokens);
        if (tokens.InputTokens is not long input || tokens.OutputTokens is not long maxOutput)
        {
            return null;
        }

        decimal cost = (input * (Rates.Highest(entry, TableRateField.Input) ?? 0m)) + (maxOutput * (Rates.Highest(entry, TableRateField.Output) ?? 0m));
        string how = $"{input.ToString(CultureInfo.InvariantCulture)} input and {maxOutput.ToString(CultureInfo.InvariantCulture)} output tokens";
        return (cost, how);
    }

    /// <summary>The index of a parameter named like max_tokens / maxOutputTokens, or -1.</summary>
    private static int MaxTokensParameter(IMethodSymbol method)
    {
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            string name = parameter.Name.Replace("_", string.Empty);
            if (parameter.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                && name.StartsWith("max", StringComparison.OrdinalIgnoreCase)
                && name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Name(IMethodSymbol method) => method.ContainingType.Name + "." + method.Name;

    private static string Usd(decimal value) => Math.Round(value, 4).ToString("0.####", CultureInfo.InvariantCulture);
}
