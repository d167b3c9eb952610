using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>The type whose usage a shim reads: unwrapped from Task, ValueTask, IAsyncEnumerable and ClientResult as the generator does.</summary>
internal static class ResultTypes
{
    public static ITypeSymbol Unwrap(ITypeSymbol type, out bool isStream)
    {
        isStream = false;
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named)
        {
            switch (named.ConstructedFrom.ToDisplayString())
            {
                case "System.Threading.Tasks.Task<TResult>":
                case "System.Threading.Tasks.ValueTask<TResult>":
                    type = named.TypeArguments[0];
                    break;
                case "System.Collections.Generic.IAsyncEnumerable<T>":
                    isStream = true;
                    return named.TypeArguments[0];
            }
        }

        return type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } result
            && result.ConstructedFrom.ToDisplayString() == "System.ClientModel.ClientResult<T>"
                ? result.TypeArguments[0]
                : type;
    }
}
