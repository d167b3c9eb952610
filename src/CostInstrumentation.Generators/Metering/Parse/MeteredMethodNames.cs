using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Metering.Parse;

/// <summary>
/// The names of metered methods, so that only invocations with one of these names are ever bound.
/// Source methods come from the attribute index; referenced assemblies are scanned only when they
/// themselves reference CostInstrumentation.
/// </summary>
internal static class MeteredMethodNames
{
    public const string AttributeName = "CostInstrumentation.MeteredLlmCallAttribute";
    private const string RuntimeAssembly = "CostInstrumentation";

    public static EquatableArray<string> FromReferences(Compilation compilation, CancellationToken cancellationToken)
    {
        SortedSet<string> names = new(System.StringComparer.Ordinal);
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Any(r => r.Name == RuntimeAssembly)))
            {
                Collect(assembly.GlobalNamespace, names, cancellationToken);
            }
        }

        return names.ToEquatableArray();
    }

    public static bool IsMetered(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    private static void Collect(INamespaceOrTypeSymbol container, SortedSet<string> names, CancellationToken cancellationToken)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    Collect(nested, names, cancellationToken);
                    break;
                case IMethodSymbol method when method.DeclaredAccessibility == Accessibility.Public && IsMetered(method):
                    names.Add(method.Name);
                    break;
            }
        }
    }
}
