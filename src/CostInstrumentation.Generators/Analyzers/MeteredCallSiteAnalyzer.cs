using System.Collections.Immutable;
using System.Linq;
using CostInstrumentation.Generators.Diagnostics;
using CostInstrumentation.Generators.Metering.Model;
using CostInstrumentation.Generators.Metering.Parse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC102 (usage unreadable) and LLMC103 (not interceptable) at each call of a metered method. The generator decides
/// with the same <see cref="CallSiteParser"/> whether it intercepts a call; reporting from an analyzer is what lets
/// <c>#pragma warning disable</c> and per-file .editorconfig severities reach these diagnostics.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MeteredCallSiteAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UsageUnreadable, DiagnosticDescriptors.NotInterceptable);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is { } symbols)
            {
                start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.Invocation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, CostSymbols symbols)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        if (symbols.MeteredAttribute(method.OriginalDefinition) is null
            || invocation.Syntax is not InvocationExpressionSyntax syntax
            || CallSiteParser.InvokedName(syntax) is not { } name)
        {
            return;
        }

        InvocationRef candidate = new(name, syntax.SyntaxTree.FilePath, syntax.Span.Start, syntax.Span.Length);
        if (CallSiteParser.Bind(candidate, context.Compilation, string.Empty, context.CancellationToken)?.Diagnostic is { } diagnostic
            && DiagnosticDescriptors.Find(diagnostic.Id) is { } descriptor)
        {
            // Located in the tree (not by path, as DiagnosticInfo does for JSON files) so that #pragma applies.
            context.ReportDiagnostic(Diagnostic.Create(descriptor, syntax.GetLocation(), diagnostic.Arguments.AsImmutableArray().ToArray<object>()));
        }
    }
}
