using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Threading;
using CostInstrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace CostInstrumentation.Generators.Metering.Parse;

/// <summary>
/// The names of metered methods, so that only invocations with one of these names are ever bound.
/// Source methods come from the attribute index; each referenced assembly is read once per reference
/// (not per compilation) straight from its metadata tables, and scanned only when it refers to the attribute.
/// </summary>
internal static class MeteredMethodNames
{
    public const string AttributeName = AttributeNamespace + "." + AttributeTypeName;
    private const string AttributeNamespace = "CostInstrumentation";
    private const string AttributeTypeName = "MeteredLlmCallAttribute";
    private const string RuntimeAssembly = "CostInstrumentation";

    /// <summary>The public metered methods one reference declares, sorted; empty for an assembly that cannot have any.</summary>
    public static EquatableArray<string> FromReference(MetadataReference reference, CancellationToken cancellationToken)
    {
        SortedSet<string> names = new(System.StringComparer.Ordinal);
        switch (reference)
        {
            case PortableExecutableReference file when ModulesOf(file) is { } modules:
                foreach (ModuleMetadata module in modules)
                {
                    Collect(module.GetMetadataReader(), names, cancellationToken);
                }

                break;
            case CompilationReference { Compilation: var referenced } when referenced.ReferencedAssemblyNames.Any(a => a.Name == RuntimeAssembly):
                Collect(referenced.Assembly.GlobalNamespace, names, cancellationToken);
                break;
        }

        return names.ToEquatableArray();
    }

    public static bool IsMetered(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == AttributeName);

    /// <summary>The reference's modules, or null when its file cannot be read (the compiler reports that itself).</summary>
    private static IEnumerable<ModuleMetadata>? ModulesOf(PortableExecutableReference reference)
    {
        try
        {
            return reference.GetMetadata() switch
            {
                AssemblyMetadata assembly => assembly.GetModules(),
                ModuleMetadata module => new[] { module },
                _ => null,
            };
        }
        catch (System.Exception error) when (error is IOException or System.BadImageFormatException)
        {
            return null;
        }
    }

    /// <summary>Metered methods are public methods carrying an attribute whose constructor is a member of the referenced attribute type.</summary>
    private static void Collect(MetadataReader reader, SortedSet<string> names, CancellationToken cancellationToken)
    {
        HashSet<EntityHandle> constructors = new(reader.MemberReferences
            .Where(handle => IsAttributeType(reader, reader.GetMemberReference(handle).Parent))
            .Select(handle => (EntityHandle)handle));
        if (constructors.Count == 0)
        {
            return;
        }

        foreach (CustomAttributeHandle handle in reader.CustomAttributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (attribute.Parent.Kind == HandleKind.MethodDefinition && constructors.Contains(attribute.Constructor))
            {
                MethodDefinition method = reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Parent);
                if ((method.Attributes & MethodAttributes.MemberAccessMask) == MethodAttributes.Public)
                {
                    names.Add(reader.GetString(method.Name));
                }
            }
        }
    }

    private static bool IsAttributeType(MetadataReader reader, EntityHandle parent)
    {
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        TypeReference type = reader.GetTypeReference((TypeReferenceHandle)parent);
        return reader.StringComparer.Equals(type.Name, AttributeTypeName) && reader.StringComparer.Equals(type.Namespace, AttributeNamespace);
    }

    private static void Collect(INamespaceOrTypeSymbol container, SortedSet<string> names, CancellationToken cancellationToken)
    {
        foreach (ISymbol member in container.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
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
