using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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

    /// <summary>How a call's operation (<c>Ns.Type.Method</c>) names the type; budget scopes match against it.</summary>
    internal static readonly SymbolDisplayFormat OperationFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

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
        TextSpan span = new(candidate.Start, candidate.Length);
        InvocationExpressionSyntax? invocation = tree?.GetRoot(cancellationToken).FindNode(span, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(n => n.Span == span);
        if (tree is null || invocation is null)
        {
            return null;
        }

        SemanticModel semanticModel = compilation.GetSemanticModel(tree);
        if (semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }

        IMethodSymbol method = called.ReducedFrom ?? called;
        if (!MeteredMethodNames.IsMetered(method.OriginalDefinition))
        {
            return null;
        }

        string operation = method.ContainingType.ToDisplayString(OperationFormat) + "." + method.Name;
        if (WhyNotInterceptable(method, compilation) is { } reason)
        {
            return Diagnostic("LLMC103", invocation, operation, reason);
        }

        (ReturnShape shape, ITypeSymbol result) = ReadReturnShape(method.ReturnType);
        if (IsDerivedFrom(result, "System.ClientModel.AsyncCollectionResult<T>") || IsDerivedFrom(result, "System.ClientModel.CollectionResult<T>"))
        {
            return Diagnostic("LLMC103", invocation, operation, $"it returns {result.ToDisplayString()}, which an interceptor cannot wrap without changing its type; return IAsyncEnumerable<T> (e.g. the SDK's stream passed through) so each chunk's usage can be read");
        }

        bool unwrap = shape != ReturnShape.Stream && IsClientResult(result, out _);
        ITypeSymbol usageType = unwrap ? ((INamedTypeSymbol)result).TypeArguments[0] : result;
        UsageShape usage = shape == ReturnShape.Stream ? ReadStreamItemShape(usageType) : ReadUsageShape(usageType);
        if (usage == UsageShape.None)
        {
            return Diagnostic("LLMC102", invocation, operation, usageType.ToDisplayString());
        }

        if (shape != ReturnShape.Value && method.Parameters.Any(p => p.RefKind is RefKind.Ref or RefKind.Out))
        {
            return Diagnostic("LLMC103", invocation, operation, "it returns a task and has ref or out parameters, which an async interceptor cannot pass on");
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
                method.IsExtensionMethod,
                method.ReturnType.ToDisplayString(TypeFormat),
                shape,
                result.ToDisplayString(TypeFormat),
                unwrap,
                usage,
                parameters.ToEquatableArray(),
                IndexOfParameterWith(method, "CostInstrumentation.LlmModelAttribute"),
                IndexOfParameterWith(method, "CostInstrumentation.LlmSessionAttribute"),
                attribute.ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty,
                Named(attribute, "Provider"),
                Named(attribute, "Project"),
                NamedArray(attribute, "Tags"),
                Named(attribute, "ServiceTier")),
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

    private static (ReturnShape Shape, ITypeSymbol Result) ReadReturnShape(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            string definition = named.ConstructedFrom.ToDisplayString();
            if (definition == "System.Threading.Tasks.Task<TResult>")
            {
                return (ReturnShape.Task, named.TypeArguments[0]);
            }

            if (definition == "System.Threading.Tasks.ValueTask<TResult>")
            {
                return (ReturnShape.ValueTask, named.TypeArguments[0]);
            }

            if (definition == "System.Collections.Generic.IAsyncEnumerable<T>")
            {
                return (ReturnShape.Stream, named.TypeArguments[0]);
            }
        }

        return (ReturnShape.Value, type);
    }

    private static bool IsClientResult(ITypeSymbol type, out ITypeSymbol value)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ConstructedFrom.ToDisplayString() == "System.ClientModel.ClientResult<T>")
        {
            value = named.TypeArguments[0];
            return true;
        }

        value = type;
        return false;
    }

    internal static UsageShape ReadUsageShape(ITypeSymbol type)
    {
        // `ChatCompletion?` displays with its annotation; the shape is the same type.
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (type.ToDisplayString() == "CostInstrumentation.LlmUsage")
        {
            return UsageShape.LlmUsage;
        }

        if (type.AllInterfaces.Any(i => i.ToDisplayString() == "CostInstrumentation.ILlmUsageSource"))
        {
            return UsageShape.UsageSource;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            switch (current.ToDisplayString())
            {
                case "OpenAI.Chat.ChatCompletion":
                    return UsageShape.OpenAIChatCompletion;
                case "OpenAI.Responses.ResponseResult":
                    return UsageShape.OpenAIResponse;
                case "Anthropic.Models.Messages.Message":
                    return UsageShape.AnthropicMessage;
                case "Microsoft.Extensions.AI.ChatResponse":
                    return UsageShape.ChatResponse;
            }
        }

        return UsageShape.None;
    }

    internal static UsageShape ReadStreamItemShape(ITypeSymbol type)
    {
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        if (IsDerivedFrom(type, "OpenAI.Chat.StreamingChatCompletionUpdate"))
        {
            return UsageShape.OpenAIStreamingChatUpdate;
        }

        if (IsDerivedFrom(type, "Microsoft.Extensions.AI.ChatResponseUpdate"))
        {
            return UsageShape.ChatResponseUpdate;
        }

        if (IsDerivedFrom(type, "Anthropic.Models.Messages.RawMessageStreamEvent"))
        {
            return UsageShape.AnthropicStreamEvent;
        }

        UsageShape shape = ReadUsageShape(type);
        return shape is UsageShape.LlmUsage or UsageShape.UsageSource ? shape : UsageShape.None;
    }

    private static bool IsDerivedFrom(ITypeSymbol type, string definition)
    {
        type = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            string name = current is INamedTypeSymbol { IsGenericType: true } named ? named.ConstructedFrom.ToDisplayString() : current.ToDisplayString();
            if (name == definition)
            {
                return true;
            }
        }

        return false;
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

    private static int IndexOfParameterWith(IMethodSymbol method, string attribute)
    {
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            // An out argument has no value until the call returns, but the shim reads the model before (admission) and in
            // its exception filter: such a parameter names no request model.
            if (method.Parameters[i].Type.SpecialType == SpecialType.System_String
                && method.Parameters[i].RefKind != RefKind.Out
                && method.Parameters[i].GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Named(AttributeData attribute, string name) =>
        attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string ?? string.Empty;

    private static EquatableArray<string> NamedArray(AttributeData attribute, string name)
    {
        TypedConstant value = attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value;
        return value.Kind == TypedConstantKind.Array
            ? value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToEquatableArray()
            : EquatableArray<string>.Empty;
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
