using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Parse;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Budgets;

/// <summary>
/// Reads an <c>[LlmBudget]</c> into budget declarations: one per USD property set. A method's budgets count its calls
/// (operation <c>Ns.Type.Method</c>), a type's those of all its methods (<c>Ns.Type.*</c>), the assembly's every call.
/// Amounts that are not positive finite numbers declare nothing (the analyzers report them as LLMC203).
/// </summary>
internal static class BudgetAttributeReader
{
    public const string AttributeName = "CostInstrumentation.LlmBudgetAttribute";

    public static EquatableArray<BudgetDeclaration> Read(ISymbol target, AttributeData attribute)
    {
        // The same operation names call sites record (MeteredMethodFacts), so the scopes match.
        (BudgetScopeKind scope, string scopeValue, string source) = target switch
        {
            IMethodSymbol method => (BudgetScopeKind.Operation, MeteredMethodFacts.Operation(method), "[LlmBudget] on " + MeteredMethodFacts.Operation(method)),
            INamedTypeSymbol type => (BudgetScopeKind.Operation, OperationName.EveryMethodOf(MeteredMethodFacts.TypeName(type)), "[LlmBudget] on " + MeteredMethodFacts.TypeName(type)),
            _ => (BudgetScopeKind.Global, string.Empty, "[LlmBudget] on assembly " + target.Name),
        };

        // Not ToDictionary: broken code (CS0643, a property set twice) repeats a key, and the generator must not throw on it.
        Dictionary<string, TypedConstant> named = new();
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (!named.ContainsKey(argument.Key))
            {
                named.Add(argument.Key, argument.Value);
            }
        }

        bool hardLimit = named.TryGetValue("HardLimit", out TypedConstant hard) && hard.Value is true;
        string fallback = named.TryGetValue("Fallback", out TypedConstant fallbackValue) && fallbackValue.Value is string model ? model : string.Empty;
        bool hasWarnAt = named.TryGetValue("WarnAt", out TypedConstant warnAtValue) && !warnAtValue.IsNull && warnAtValue.Kind == TypedConstantKind.Array;
        EquatableArray<string> warnAt = hasWarnAt
            ? warnAtValue.Values.Select(v => v.Value is double d ? DecimalText(d) : null).Where(t => t is not null).Select(t => t!).ToEquatableArray()
            : EquatableArray<string>.Empty;

        List<BudgetDeclaration> budgets = [];
        foreach (BudgetPeriodKind period in BudgetSpellings.AllPeriods)
        {
            if (named.TryGetValue(BudgetSpellings.AttributeProperty(period), out TypedConstant amount) && amount.Value is double usd && DecimalText(usd) is { } limit && usd > 0)
            {
                budgets.Add(new BudgetDeclaration(scope, scopeValue, period, limit, hardLimit, fallback, warnAt, hasWarnAt, source));
            }
        }

        return budgets.ToEquatableArray();
    }

    /// <summary>The amount as the generator declares it: null when it declares nothing (not positive, or no decimal holds it).</summary>
    public static decimal? DeclaredAmount(double value) =>
        value > 0 && DecimalText(value) is { } text ? decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The decimal a double literal spells: its shortest round-trip text (12.5 → 12.5, 0.1 → 0.1, never
    /// 0.1000000000000000055…); null when no decimal holds it (not finite, too large, or too small to be non-zero).
    /// </summary>
    private static string? DecimalText(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)
            || !decimal.TryParse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal exact)
            || (exact == 0m && value != 0d))
        {
            return null;
        }

        return exact.ToString(CultureInfo.InvariantCulture);
    }
}
