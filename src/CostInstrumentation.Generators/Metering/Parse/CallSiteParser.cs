using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CostInstrumentation.Generators.Metering.Parse;

/// <summary>Binds a candidate invocation and, when it calls a metered method, describes the interceptor it needs.</summary>
internal static class CallSiteParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The method name an invocation calls, read from syntax alone.</summary>
    public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    public static CallSiteResult? Bind(InvocationRef candidate, Compilation compilation, string projectDirectory, CancellationToken cancellationToken)
    {
        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == candidate.FilePath);
        return tree is null ? null : Bind(candidate, compilation.GetSemanticModel(tree), projectDirectory, cancellationToken);
    }

    /// <summary>Binds with a semantic model of the candidate's tree: the calls of one file share it, so the file is bound once, not once per call.</summary>
    public static CallSiteResult? Bind(InvocationRef candidate, SemanticModel semanticModel, string projectDirectory, CancellationToken cancellationToken)
    {
        Compilation compilation = semanticModel.Compilation;
        TextSpan span = new(candidate.Start, candidate.Length);
        InvocationExpressionSyntax? invocation = semanticModel.SyntaxTree.GetRoot(cancellationToken).FindNode(span, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(n => n.Span == span);
        if (invocation is null)
        {
            return null;
        }

        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }

        IMethodSymbol method = called.ReducedFrom ?? called;
        if (!MeteredMethodNames.IsMetered(method.OriginalDefinition))
        {
            return null;
        }

        string operation = MeteredMethodFacts.Operation(method);
        if (WhyNotInterceptable(method, compilation) is { } reason)
        {
            return Diagnostic(DiagnosticIds.NotInterceptable, invocation, operation, reason);
        }

        ReturnShape shape = MeteredMethodFacts.ReturnShapeOf(method.ReturnType, out ITypeSymbol result);
        if (MeteredMethodFacts.IsDerivedFrom(result, "System.ClientModel.AsyncCollectionResult<T>") || MeteredMethodFacts.IsDerivedFrom(result, "System.ClientModel.CollectionResult<T>"))
        {
            return Diagnostic(DiagnosticIds.NotInterceptable, invocation, operation, $"it returns {result.ToDisplayString()}, which an interceptor cannot wrap without changing its type; return IAsyncEnumerable<T> (e.g. the SDK's stream passed through) so each chunk's usage can be read");
        }

        ITypeSymbol usageType = MeteredMethodFacts.UsageType(shape, result, out bool unwrap);
        UsageShape usage = MeteredMethodFacts.UsageShapeOf(shape, usageType);
        if (usage == UsageShape.None)
        {
            return Diagnostic(DiagnosticIds.UsageUnreadable, invocation, operation, usageType.ToDisplayString());
        }

        if (shape != ReturnShape.Value && method.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out))
        {
            return Diagnostic(DiagnosticIds.NotInterceptable, invocation, operation, "it returns a task and has ref or out parameters, which an async interceptor cannot pass on");
        }

        InterceptableLocation? location = semanticModel.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        AttributeData attribute = method.OriginalDefinition.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == MeteredMethodNames.AttributeName);
        List<ParameterModel> parameters = method.Parameters.Select((p, i) => new ParameterModel(
            p.Type.ToDisplayString(TypeFormat), "@" + p.Name, Modifier(p, i == 0 && method.IsExtensionMethod))).ToList();
        FileLinePositionSpan line = invocation.GetLocation().GetLineSpan();
        return new CallSiteResult(
            new CallSiteModel(
                location.Version,
                location.Data,
                RelativePath(line.Path, projectDirectory) + ":" + (line.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                operation,
                method.ContainingType.ToDisplayString(TypeFormat),
                method.Name,
                method.IsStatic,
                method.ReturnType.ToDisplayString(TypeFormat),
                shape,
                result.ToDisplayString(TypeFormat),
                unwrap,
                usage,
                parameters.ToEquatableArray(),
                MeteredMethodFacts.ModelParameter(method),
                MeteredMethodFacts.SessionParameter(method),
                MeteredMethodFacts.AttributeModel(attribute),
                MeteredMethodFacts.Named(attribute, "Provider"),
                MeteredMethodFacts.Named(attribute, "Project"),
                MeteredMethodFacts.NamedArray(attribute, "Tags"),
                MeteredMethodFacts.Named(attribute, "ServiceTier")),
            null);
    }

    private static string? WhyNotInterceptable(IMethodSymbol method, Compilation compilation)
    {
        if (method.IsGenericMethod || method.ContainingType.IsGenericType)
        {
            return "it is generic (or declared in a generic type)";
        }

        if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
        {
            return $"it is {method.DeclaredAccessibility.ToString().ToLowerInvariant()}, so generated code cannot call it; make it internal or public";
        }

        if (!compilation.IsSymbolAccessibleWithin(method, compilation.Assembly))
        {
            return "it is not accessible from this assembly";
        }

        if (!method.IsStatic && method.ContainingType.IsValueType)
        {
            return "it is an instance method of a struct, whose receiver an interceptor cannot take by reference safely";
        }

        if (method.ReturnType.IsRefLikeType || method.ReturnsByRef || method.ReturnsByRefReadonly || method.Parameters.Any(p => p.Type.IsRefLikeType))
        {
            return "it returns by reference or takes or returns a ref struct";
        }

        return null;
    }

    private static string Modifier(IParameterSymbol parameter, bool isThis)
    {
        string modifier = parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        };
        return (isThis ? "this " : string.Empty) + (parameter.IsParams ? "params " : string.Empty) + modifier;
    }

    private static string RelativePath(string path, string projectDirectory)
    {
        string relative = projectDirectory.Length > 0 && path.StartsWith(projectDirectory, StringComparison.OrdinalIgnoreCase)
            ? path.Substring(projectDirectory.Length).TrimStart('/', '\\')
            : System.IO.Path.GetFileName(path);
        return relative.Replace('\\', '/');
    }

    private static CallSiteResult Diagnostic(string id, InvocationExpressionSyntax invocation, params string[] arguments)
    {
        FileLinePositionSpan line = invocation.GetLocation().GetLineSpan();
        return new CallSiteResult(null, new DiagnosticInfo(id, invocation.SyntaxTree.FilePath, invocation.Span, line.Span, arguments.ToEquatableArray()));
    }
}
