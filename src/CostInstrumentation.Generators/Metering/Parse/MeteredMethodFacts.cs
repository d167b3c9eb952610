using System.Linq;
using CostInstrumentation.Contract;
using CostInstrumentation.Generators.Common;
using CostInstrumentation.Generators.Metering.Model;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Metering.Parse;

/// <summary>
/// What a <c>[MeteredLlmCall]</c> method is, derived once for the generator (CallSiteParser) and the analyzers alike:
/// its operation name, how it returns its result, how usage is read from it, and which parameters carry the model and
/// the session. An analyzer that judged a method differently from the shim would warn about calls that are metered
/// fine, or stay silent about calls that are not.
/// </summary>
internal static class MeteredMethodFacts
{
    private const string ModelAttribute = "CostInstrumentation.LlmModelAttribute";
    private const string SessionAttribute = "CostInstrumentation.LlmSessionAttribute";

    /// <summary>How an operation names its type: namespace-qualified, nested types joined by dots, no type arguments.</summary>
    private static readonly SymbolDisplayFormat OperationFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    /// <summary>The type as an operation names it (<c>Ns.Outer.Inner</c>).</summary>
    public static string TypeName(INamedTypeSymbol type) => type.ToDisplayString(OperationFormat);

    /// <summary>The operation a call of the method records and method budgets are scoped to (<see cref="OperationName"/>).</summary>
    public static string Operation(IMethodSymbol method) => OperationName.Of(TypeName(method.ContainingType), method.Name);

    /// <summary>How the method returns its result, and the result: the task's or stream's element type, else the return type.</summary>
    public static ReturnShape ReturnShapeOf(ITypeSymbol returnType, out ITypeSymbol result)
    {
        if (returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            result = named.TypeArguments[0];
            switch (named.ConstructedFrom.ToDisplayString())
            {
                case "System.Threading.Tasks.Task<TResult>":
                    return ReturnShape.Task;
                case "System.Threading.Tasks.ValueTask<TResult>":
                    return ReturnShape.ValueTask;
                case "System.Collections.Generic.IAsyncEnumerable<T>":
                    return ReturnShape.Stream;
            }
        }

        result = returnType;
        return ReturnShape.Value;
    }

    /// <summary>
    /// The type whose usage the shim reads: a non-stream <c>ClientResult&lt;T&gt;</c> is unwrapped to its value
    /// (<paramref name="unwrapsClientResult"/>); a stream's items are read as they are.
    /// </summary>
    public static ITypeSymbol UsageType(ReturnShape shape, ITypeSymbol result, out bool unwrapsClientResult)
    {
        unwrapsClientResult = shape != ReturnShape.Stream
            && result is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ConstructedFrom.ToDisplayString() == "System.ClientModel.ClientResult<T>";
        return unwrapsClientResult ? ((INamedTypeSymbol)result).TypeArguments[0] : result;
    }

    /// <summary>How usage is read from <paramref name="usageType"/> (a stream's item type for a stream); None when it cannot be.</summary>
    public static UsageShape UsageShapeOf(ReturnShape shape, ITypeSymbol usageType) =>
        shape == ReturnShape.Stream ? StreamItemShape(usageType) : ResultShape(usageType);

    /// <summary>Return shape, usage type and usage shape in one: what the analyzers ask of a method's return type.</summary>
    public static UsageShape UsageShapeOf(ITypeSymbol returnType, out ITypeSymbol usageType)
    {
        ReturnShape shape = ReturnShapeOf(returnType, out ITypeSymbol result);
        usageType = UsageType(shape, result, out _);
        return UsageShapeOf(shape, usageType);
    }

    /// <summary>The index of the first by-value or <c>in</c>/<c>ref</c> string parameter marked <c>[LlmModel]</c>, or -1.</summary>
    public static int ModelParameter(IMethodSymbol method) => ParameterWith(method, ModelAttribute);

    /// <summary>The index of the first string parameter marked <c>[LlmSession]</c> that is not <c>out</c>, or -1.</summary>
    public static int SessionParameter(IMethodSymbol method) => ParameterWith(method, SessionAttribute);

    /// <summary>True for a string parameter marked <c>[LlmModel]</c> whose value the shim can read before the call (not <c>out</c>).</summary>
    public static bool IsModelParameter(IParameterSymbol parameter) => Carries(parameter, ModelAttribute);

    /// <summary>The model named by <c>[MeteredLlmCall("…")]</c>, or empty.</summary>
    public static string AttributeModel(AttributeData metered) =>
        metered.ConstructorArguments.FirstOrDefault().Value as string ?? string.Empty;

    /// <summary>A named string argument of the attribute (<c>Provider</c>, <c>Project</c>, <c>ServiceTier</c>), or empty.</summary>
    public static string Named(AttributeData metered, string name) =>
        metered.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value as string ?? string.Empty;

    /// <summary>A named string-array argument of the attribute (<c>Tags</c>), or empty.</summary>
    public static EquatableArray<string> NamedArray(AttributeData metered, string name)
    {
        TypedConstant value = metered.NamedArguments.FirstOrDefault(a => a.Key == name).Value;
        return value.Kind == TypedConstantKind.Array
            ? value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToEquatableArray()
            : EquatableArray<string>.Empty;
    }

    /// <summary>True when the type is <paramref name="definition"/> or derives from it (a generic type by its definition).</summary>
    public static bool IsDerivedFrom(ITypeSymbol type, string definition)
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

    private static UsageShape ResultShape(ITypeSymbol type)
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

    private static UsageShape StreamItemShape(ITypeSymbol type)
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

        UsageShape shape = ResultShape(type);
        return shape is UsageShape.LlmUsage or UsageShape.UsageSource ? shape : UsageShape.None;
    }

    private static int ParameterWith(IMethodSymbol method, string attribute)
    {
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            if (Carries(method.Parameters[i], attribute))
            {
                return i;
            }
        }

        return -1;
    }

    // An out argument has no value until the call returns, but the shim reads the model and session before (admission)
    // and in its exception filter: such a parameter carries neither.
    private static bool Carries(IParameterSymbol parameter, string attribute) =>
        parameter.Type.SpecialType == SpecialType.System_String
        && parameter.RefKind != RefKind.Out
        && parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attribute);
}
