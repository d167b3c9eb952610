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
            // Ordered by where they are declared (stable within one attribute), so the output does not depend on file order.
            .Select(static (declared, _) => declared.SelectMany(d => d.AsImmutableArray()).OrderBy(b => b.Source, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.Budgets);

        context.RegisterSourceOutput(budgets, static (output, declared) =>
        {
            if (declared.Count > 0)
            {
                output.AddSource(BudgetEmitter.HintName, BudgetEmitter.Emit(declared.AsImmutableArray()));
            }
        });
    }
}
