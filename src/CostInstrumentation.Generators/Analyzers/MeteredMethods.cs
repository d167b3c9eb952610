using CostInstrumentation.Generators.Metering.Parse;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>What the method-level analyzers ask of a <c>[MeteredLlmCall]</c> method beyond <see cref="MeteredMethodFacts"/>.</summary>
internal static class MeteredMethods
{
    /// <summary>Where a method-level diagnostic goes: the <c>[MeteredLlmCall]</c> attribute as written.</summary>
    public static Location AttributeLocation(AttributeData metered, ISymbol method, System.Threading.CancellationToken cancellationToken) =>
        metered.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? method.Locations[0];

    /// <summary>
    /// True when the shim can switch the method's model to a budget's fallback: the model parameter it reads is a by-value
    /// string (InterceptorEmitter assigns no <c>in</c>/<c>ref</c> argument, nor an extension's receiver).
    /// </summary>
    public static bool HasSwitchableModelParameter(IMethodSymbol method)
    {
        int index = MeteredMethodFacts.ModelParameter(method);
        return index >= 0 && method.Parameters[index].RefKind == RefKind.None && !(index == 0 && method.IsExtensionMethod);
    }

    /// <summary>
    /// What a budget scope sees of the method's calls, as the runtime records them (LlmCallMeter): the attribute's
    /// provider, else the priced one; the attribute's project only (the rest is known at run time); the operation.
    /// </summary>
    public static (string Provider, string Project, string Operation) Subject(IMethodSymbol method, AttributeData metered, string pricedProvider)
    {
        string provider = MeteredMethodFacts.Named(metered, "Provider");
        return (provider.Length > 0 ? provider : pricedProvider, MeteredMethodFacts.Named(metered, "Project"), MeteredMethodFacts.Operation(method));
    }
}
