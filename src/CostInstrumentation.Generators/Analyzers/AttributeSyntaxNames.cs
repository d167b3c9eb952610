using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Recognises an attribute by the name written, so that only likely matches are ever bound.</summary>
internal static class AttributeSyntaxNames
{
    public static bool Is(AttributeSyntax attribute, string shortName)
    {
        string written = Rightmost(attribute.Name);
        if (Matches(written, shortName))
        {
            return true;
        }

        // An alias declared in this file (using Budget = CostInstrumentation.LlmBudgetAttribute;), as the generator's
        // ForAttributeWithMetadataName follows it. A global using alias in another file is missed: finding it would mean
        // binding every attribute in a project.
        if (attribute.Name is not IdentifierNameSyntax)
        {
            return false;
        }

        for (SyntaxNode? node = attribute.Parent; node is not null; node = node.Parent)
        {
            SyntaxList<UsingDirectiveSyntax> usings = node switch
            {
                CompilationUnitSyntax unit => unit.Usings,
                BaseNamespaceDeclarationSyntax space => space.Usings,
                _ => default,
            };
            foreach (UsingDirectiveSyntax directive in usings)
            {
                if (directive.Alias is { } alias
                    && (alias.Name.Identifier.ValueText == written || alias.Name.Identifier.ValueText == written + "Attribute")
                    && directive.NamespaceOrType is NameSyntax target
                    && Matches(Rightmost(target), shortName))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool Matches(string written, string shortName) => written == shortName || written == shortName + "Attribute";

    private static string Rightmost(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary>The named argument <c>Name = value</c>, or null.</summary>
    public static AttributeArgumentSyntax? Named(AttributeSyntax attribute, string name)
    {
        if (attribute.ArgumentList is null)
        {
            return null;
        }

        foreach (AttributeArgumentSyntax argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals?.Name.Identifier.ValueText == name)
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The first positional argument (or the one named <c>model:</c>), or null.</summary>
    public static AttributeArgumentSyntax? Model(AttributeSyntax attribute)
    {
        if (attribute.ArgumentList is null)
        {
            return null;
        }

        foreach (AttributeArgumentSyntax argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is null && (argument.NameColon is null || argument.NameColon.Name.Identifier.ValueText == "model"))
            {
                return argument;
            }
        }

        return null;
    }
}
