using CostInstrumentation.Generators.Metering.Parse;
using System;
using System.Linq;
using System.Collections.Immutable;
using CostInstrumentation.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC101 (model not priced) and LLMC105 (deprecated model) wherever code names a model:
/// <c>[MeteredLlmCall("…")]</c>, <c>[LlmBudget(Fallback = "…")]</c> and constant arguments to <c>[LlmModel]</c> parameters.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelNameAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.UnknownModel, DiagnosticDescriptors.DeprecatedModel);

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
            if (prices.IsEmpty)
            {
                return;
            }

            DateTime today = DateTime.UtcNow.Date;
            start.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, symbols, prices, today), SyntaxKind.Attribute);
            if (symbols.LlmModel is not null)
            {
                start.RegisterOperationAction(c => AnalyzeArguments(c, ((IInvocationOperation)c.Operation).Arguments, symbols, prices, today), OperationKind.Invocation);
                start.RegisterOperationAction(c => AnalyzeArguments(c, ((IObjectCreationOperation)c.Operation).Arguments, symbols, prices, today), OperationKind.ObjectCreation);
                start.RegisterSyntaxNodeAction(c => AnalyzeDefault(c, symbols, prices, today), SyntaxKind.Parameter);
            }
        });
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, CostSymbols symbols, PriceLookup prices, DateTime today)
    {
        AttributeSyntax attribute = (AttributeSyntax)context.Node;
        AttributeArgumentSyntax? argument;
        INamedTypeSymbol? expected;
        if (AttributeSyntaxNames.Is(attribute, "MeteredLlmCall"))
        {
            (argument, expected) = (AttributeSyntaxNames.Model(attribute), symbols.MeteredLlmCall);
        }
        else if (AttributeSyntaxNames.Is(attribute, "LlmBudget"))
        {
            (argument, expected) = (AttributeSyntaxNames.Named(attribute, "Fallback"), symbols.LlmBudget);
        }
        else
        {
            return;
        }

        if (argument is null || expected is null
            || !SymbolEqualityComparer.Default.Equals(context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType, expected))
        {
            return;
        }

        Report(context.ReportDiagnostic, context.SemanticModel.GetConstantValue(argument.Expression, context.CancellationToken), argument.Expression, context.Options, prices, today);
    }

    private static void AnalyzeArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, CostSymbols symbols, PriceLookup prices, DateTime today)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            // The constant test is cheap and rules out nearly every argument before any attribute is read.
            // An omitted argument takes the parameter's default, which is checked once, where it is written.
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && argument.Value.ConstantValue is { HasValue: true, Value: string } constant
                && argument.Parameter is { } parameter
                && MeteredMethodFacts.IsModelParameter(parameter))
            {
                Report(context.ReportDiagnostic, constant, argument.Value.Syntax, context.Options, prices, today);
            }
        }
    }

    private static void AnalyzeDefault(SyntaxNodeAnalysisContext context, CostSymbols symbols, PriceLookup prices, DateTime today)
    {
        ParameterSyntax parameter = (ParameterSyntax)context.Node;
        if (parameter.Default is not { Value: { } value }
            || !parameter.AttributeLists.Any(list => list.Attributes.Any(a => AttributeSyntaxNames.Is(a, "LlmModel")))
            || context.SemanticModel.GetDeclaredSymbol(parameter, context.CancellationToken) is not { } symbol
            || !MeteredMethodFacts.IsModelParameter(symbol))
        {
            return;
        }

        Report(context.ReportDiagnostic, context.SemanticModel.GetConstantValue(value, context.CancellationToken), value, context.Options, prices, today);
    }

    private static void Report(Action<Diagnostic> report, Optional<object?> constant, SyntaxNode expression, AnalyzerOptions options, PriceLookup prices, DateTime today)
    {
        if (constant is { HasValue: true, Value: string model }
            && ModelNameCheck.Check(model, expression.GetLocation(), prices, CostAnalyzerOptions.For(options, expression.SyntaxTree), today) is { } diagnostic)
        {
            report(diagnostic);
        }
    }
}
