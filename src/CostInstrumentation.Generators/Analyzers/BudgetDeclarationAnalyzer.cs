using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CostInstrumentation.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>
/// LLMC203: an <c>[LlmBudget]</c> the runtime would reject or misread — an amount that is not a positive finite number,
/// no amount at all, warning fractions outside (0, 1) or out of order, a fallback on a method that has no
/// <c>[LlmModel]</c> parameter to switch, a budget on something that declares none (a local function, a lambda, an
/// operator). An unpriced fallback model is LLMC101's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BudgetDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.InvalidBudget);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (CostSymbols.From(start.Compilation) is { LlmBudget: not null } symbols)
            {
                start.RegisterSyntaxNodeAction(c => Analyze(c, symbols), SyntaxKind.Attribute);
            }
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, CostSymbols symbols)
    {
        AttributeSyntax attribute = (AttributeSyntax)context.Node;
        if (!AttributeSyntaxNames.Is(attribute, "LlmBudget")
            || !SymbolEqualityComparer.Default.Equals(context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType, symbols.LlmBudget))
        {
            return;
        }

        // The generator declares budgets of methods, types and the assembly only (BudgetPipeline's syntax filter).
        if (attribute.Parent?.Parent is { } target && target is not (MethodDeclarationSyntax or TypeDeclarationSyntax or CompilationUnitSyntax))
        {
            Report(context, attribute, "[LlmBudget] here declares no budget: only budgets on a method, a class or struct, or the assembly are enforced; move it to the enclosing method or type");
            return;
        }

        bool anyAmount = false;
        foreach (string name in BudgetAttributes.AmountNames)
        {
            if (AttributeSyntaxNames.Named(attribute, name) is not { } argument)
            {
                continue;
            }

            anyAmount = true;
            if (Number(context, argument.Expression) is not double amount)
            {
                continue;
            }

            if (double.IsNaN(amount) || double.IsInfinity(amount) || amount <= 0)
            {
                Report(context, argument, $"{name} is {Describe(amount)}; a budget amount must be a finite number of USD greater than zero");
            }
            else if (Budgets.BudgetAttributeReader.DeclaredAmount(amount) is null)
            {
                // The generator declares the decimal the literal spells; outside decimal's range it declares nothing.
                Report(context, argument, $"{name} is {Describe(amount)}, which no decimal amount of USD holds (at most 7.9E+28, at least 1E-28), so the budget would not be declared");
            }
        }

        if (!anyAmount)
        {
            Report(context, attribute, "[LlmBudget] sets no amount; set " + string.Join(", ", BudgetAttributes.AmountNames, 0, BudgetAttributes.AmountNames.Length - 1) + " or " + BudgetAttributes.AmountNames[BudgetAttributes.AmountNames.Length - 1]);
        }

        if (AttributeSyntaxNames.Named(attribute, "WarnAt") is { } warnAt)
        {
            CheckWarnAt(context, warnAt);
        }

        if (AttributeSyntaxNames.Named(attribute, "Fallback") is { } fallback
            && attribute.Parent?.Parent is MethodDeclarationSyntax declaration
            && context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is { } method
            && !MeteredMethods.HasSwitchableModelParameter(method))
        {
            Report(context, fallback, $"Fallback on '{method.Name}' cannot take effect: the method has no string parameter marked [LlmModel], passed by value, for the fallback model to replace");
        }
    }

    private static void CheckWarnAt(SyntaxNodeAnalysisContext context, AttributeArgumentSyntax warnAt)
    {
        IEnumerable<ExpressionSyntax> elements = warnAt.Expression switch
        {
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
            ImplicitArrayCreationExpressionSyntax creation => creation.Initializer.Expressions,
            CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression),
            _ => Enumerable.Empty<ExpressionSyntax>(),
        };

        double previous = 0;
        foreach (ExpressionSyntax element in elements)
        {
            if (Number(context, element) is not double fraction)
            {
                continue;
            }

            // A fraction no decimal holds (1e-30) would be left out of the generated WarnAt.
            if (double.IsNaN(fraction) || fraction <= 0 || fraction >= 1 || Budgets.BudgetAttributeReader.DeclaredAmount(fraction) is null)
            {
                Report(context, element, $"WarnAt value {Describe(fraction)} is not a fraction of the budget greater than 0 and less than 1");
                return;
            }

            if (fraction <= previous)
            {
                Report(context, element, $"WarnAt values must increase: {Describe(fraction)} follows {Describe(previous)}");
                return;
            }

            previous = fraction;
        }
    }

    /// <summary>A constant as the double it becomes: <c>-5</c> is an int constant until converted.</summary>
    private static double? Number(SyntaxNodeAnalysisContext context, ExpressionSyntax expression) =>
        context.SemanticModel.GetConstantValue(expression, context.CancellationToken).Value switch
        {
            double value => value,
            float value => value,
            int value => value,
            long value => value,
            uint value => value,
            ulong value => value,
            short value => value,
            ushort value => value,
            byte value => value,
            sbyte value => value,
            char value => value,
            decimal value => (double)value,
            _ => null,
        };

    private static string Describe(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Report(SyntaxNodeAnalysisContext context, SyntaxNode node, string message) =>
        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidBudget, node.GetLocation(), message));
}
