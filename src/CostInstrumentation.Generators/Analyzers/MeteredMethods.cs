using System.Linq;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Facts about a <c>[MeteredLlmCall]</c> method shared by the method-level analyzers.</summary>
internal static class MeteredMethods
{
    /// <summary>Where a method-level diagnostic goes: the <c>[MeteredLlmCall]</c> attribute as written.</summary>
    public static Location AttributeLocation(AttributeData metered, ISymbol method, System.Threading.CancellationToken cancellationToken) =>
        metered.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? method.Locations[0];

    /// <summary>
    /// True when the shim can switch the method's model to a budget's fallback: a by-value string parameter marked
    /// <c>[LlmModel]</c> (InterceptorEmitter assigns no <c>in</c>/<c>ref</c> argument, nor an extension's receiver).
    /// </summary>
    public static bool HasSwitchableModelParameter(IMethodSymbol method, CostSymbols symbols)
    {
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            if (symbols.IsModelParameter(parameter))
            {
                // The shim reads the first [LlmModel] parameter only (CallSiteParser).
                return parameter.RefKind == RefKind.None && !(i == 0 && method.IsExtensionMethod);
            }
        }

        return false;
    }

    /// <summary>
    /// What a budget scope sees of the method's calls, as the runtime records them (LlmCallMeter): the attribute's
    /// provider, else the priced one; the attribute's project only (the rest is known at run time); the operation.
    /// </summary>
    public static (string Provider, string Project, string Operation) Subject(IMethodSymbol method, AttributeData metered, string pricedProvider) =>
        (metered.NamedArguments.FirstOrDefault(a => a.Key == "Provider").Value.Value as string ?? pricedProvider,
            metered.NamedArguments.FirstOrDefault(a => a.Key == "Project").Value.Value as string ?? string.Empty,
            method.ContainingType.ToDisplayString(Metering.Parse.CallSiteParser.OperationFormat) + "." + method.Name);

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
