using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Facts about a <c>[MeteredLlmCall]</c> method shared by the method-level analyzers.</summary>
internal static class MeteredMethods
{
    /// <summary>Where a method-level diagnostic goes: the <c>[MeteredLlmCall]</c> attribute as written.</summary>
    public static Location AttributeLocation(AttributeData metered, ISymbol method, System.Threading.CancellationToken cancellationToken) =>
        metered.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? method.Locations[0];

    /// <summary>True when a string parameter of the method is marked <c>[LlmModel]</c>.</summary>
    public static bool HasModelParameter(IMethodSymbol method, CostSymbols symbols)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (symbols.IsModelParameter(parameter))
            {
                return true;
            }
        }

        return false;
    }
}
