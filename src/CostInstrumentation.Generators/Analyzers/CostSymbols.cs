using System.Linq;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The runtime's attribute types, resolved once per compilation; null when the runtime is not referenced.</summary>
internal sealed class CostSymbols
{
    private CostSymbols(INamedTypeSymbol metered, INamedTypeSymbol? model, INamedTypeSymbol? budget)
    {
        MeteredLlmCall = metered;
        LlmModel = model;
        LlmBudget = budget;
    }

    public INamedTypeSymbol MeteredLlmCall { get; }

    public INamedTypeSymbol? LlmModel { get; }

    public INamedTypeSymbol? LlmBudget { get; }

    public static CostSymbols? From(Compilation compilation) =>
        compilation.GetTypeByMetadataName("CostInstrumentation.MeteredLlmCallAttribute") is { } metered
            ? new CostSymbols(
                metered,
                compilation.GetTypeByMetadataName("CostInstrumentation.LlmModelAttribute"),
                compilation.GetTypeByMetadataName("CostInstrumentation.LlmBudgetAttribute"))
            : null;

    public AttributeData? MeteredAttribute(ISymbol symbol) => Find(symbol, MeteredLlmCall);

    public AttributeData? BudgetAttribute(ISymbol symbol) => LlmBudget is null ? null : Find(symbol, LlmBudget);

    private static AttributeData? Find(ISymbol symbol, INamedTypeSymbol attribute) =>
        symbol.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}
