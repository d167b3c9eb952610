using CostInstrumentation.Generators.Metering.Parse;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Pricing.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC201: a metered method names an expensive model and no budget covers it. Reported once per method, at its
/// <c>[MeteredLlmCall]</c>: the budget belongs to the method, not to each call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BudgetCoverageAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ExpensiveWithoutBudget);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is not { } symbols)
            {
                return;
            }

            PriceLookup prices = CatalogCache.Get(start.Compilation, start.Options, start.CancellationToken);
            BudgetFileSet budgetFiles = BudgetFileCache.Get(start.Options, start.CancellationToken);
            start.RegisterSymbolAction(c => Analyze(c, symbols, prices, budgetFiles), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, CostSymbols symbols, PriceLookup prices, BudgetFileSet budgetFiles)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (symbols.MeteredAttribute(method) is not { } metered || MeteredMethodFacts.AttributeModel(metered) is not { Length: > 0 } model)
        {
            return;
        }

        Location location = MeteredMethods.AttributeLocation(metered, method, context.CancellationToken);
        CostAnalyzerOptions options = CostAnalyzerOptions.For(context.Options, location.SourceTree ?? method.Locations[0].SourceTree!);
        bool priced = prices.TryGet(model, out PriceEntry entry);
        string why;
        if (options.ExpensiveModels.Contains(model) || (priced && options.ExpensiveModels.Contains(entry.Model)))
        {
            why = "listed in " + CostAnalyzerOptions.ExpensiveModelsKey;
        }
        else if (priced && Rates.OutputPerMillion(entry) is var output && output >= options.ExpensiveOutputUsdPerMillion)
        {
            why = output.ToString("0.######", CultureInfo.InvariantCulture) + " USD per 1M output tokens";
        }
        else
        {
            return;
        }

        if (BudgetAttributes.Applying(method, symbols).Any())
        {
            return;
        }

        // Without the attribute's Project a call records the ambient LlmCostContext's or LlmCostOptions.DefaultProject,
        // known only at run time (never the assembly name): no project budget can be seen to cover it.
        (string provider, string project, string operation) = MeteredMethods.Subject(method, metered, priced ? entry.Provider : string.Empty);
        if (budgetFiles.Covers(prices, model, provider, project, operation))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ExpensiveWithoutBudget, location, method.ContainingType.Name + "." + method.Name, model, why));
    }
}
