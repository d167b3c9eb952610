using System.Collections.Immutable;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Metering.Model;
using CostInstrumentation.Generators.Metering.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC106: a metered method whose calls can never be priced because nothing names the model — not the attribute,
/// not an <c>[LlmModel]</c> parameter, and not its result (only SDK responses carry one; <c>LlmUsage</c> and
/// <c>ILlmUsageSource</c> do not). A result that yields no usage at all is LLMC102's, not this.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndeterminedModelAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.ModelUndetermined);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is { } symbols)
            {
                start.RegisterSymbolAction(c => Analyze(c, symbols), SymbolKind.Method);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, CostSymbols symbols)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (symbols.MeteredAttribute(method) is not { } metered
            || MeteredMethodFacts.AttributeModel(metered).Length > 0
            || MeteredMethodFacts.ModelParameter(method) >= 0)
        {
            return;
        }

        UsageShape usage = MeteredMethodFacts.UsageShapeOf(method.ReturnType, out ITypeSymbol result);
        if (usage is UsageShape.LlmUsage or UsageShape.UsageSource)
        {
            Location location = MeteredMethods.AttributeLocation(metered, method, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ModelUndetermined, location, method.ContainingType.Name + "." + method.Name, result.ToDisplayString()));
        }
    }
}
