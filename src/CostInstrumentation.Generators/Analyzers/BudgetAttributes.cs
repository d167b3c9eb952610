using System.Collections.Generic;
using System.Linq;
using CostInstrumentation.Contract;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The <c>[LlmBudget]</c> attributes that apply to a method, nearest first: the method, its containing types, the assembly.</summary>
internal static class BudgetAttributes
{
    public static readonly string[] AmountNames = BudgetSpellings.AttributeProperties.ToArray();

    public static IEnumerable<AttributeData> Applying(IMethodSymbol method, CostSymbols symbols)
    {
        if (symbols.BudgetAttribute(method) is { } own)
        {
            yield return own;
        }

        for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (symbols.BudgetAttribute(type) is { } onType)
            {
                yield return onType;
            }
        }

        if (symbols.BudgetAttribute(method.ContainingAssembly) is { } onAssembly)
        {
            yield return onAssembly;
        }
    }

    /// <summary>A named <c>double</c> amount as set, or null when not set.</summary>
    public static double? Amount(AttributeData budget, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in budget.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is double value)
            {
                return value;
            }
        }

        return null;
    }
}
