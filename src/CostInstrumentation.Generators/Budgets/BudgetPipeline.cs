using System.Linq;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.Generators.Budgets;

/// <summary><c>[LlmBudget]</c> on methods, types and the assembly → budget declarations → a module initializer declaring them.</summary>
internal static class BudgetPipeline
{
    public static void Register(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<EquatableArray<BudgetDeclaration>> budgets = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                BudgetAttributeReader.AttributeName,
                static (node, _) => node is MethodDeclarationSyntax or TypeDeclarationSyntax or CompilationUnitSyntax,
                static (attributeContext, _) => attributeContext.Attributes
                    .SelectMany(attribute => BudgetAttributeReader.Read(attributeContext.TargetSymbol, attribute).AsImmutableArray())
                    .ToEquatableArray())
            .Collect()
            // Ordered by where they are declared, then (overloads share a Source) by what they declare; an attribute's own
            // budgets keep their order. So the output does not depend on file order.
            .Select(static (declared, _) => declared
                .Where(d => d.Count > 0)
                .OrderBy(d => d[0].Source, System.StringComparer.Ordinal)
                .ThenBy(Signature, System.StringComparer.Ordinal)
                .SelectMany(d => d.AsImmutableArray())
                .ToEquatableArray())
            .WithTrackingName(TrackingNames.Budgets);

        static string Signature(EquatableArray<BudgetDeclaration> budgets) => string.Join(
            "\n",
            budgets.AsImmutableArray().Select(b => string.Join("|", b.Scope, b.ScopeValue, b.Period, b.LimitUsd, b.HardLimit ? "1" : "0", b.Fallback, b.HasWarnAt ? "1" : "0", string.Join(",", b.WarnAt.AsImmutableArray()))));

        context.RegisterSourceOutput(budgets, static (output, declared) =>
        {
            if (declared.Count > 0)
            {
                output.AddSource(BudgetEmitter.HintName, BudgetEmitter.Emit(declared.AsImmutableArray()));
            }
        });
    }
}
