using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CostInstrumentation.Generators.Analyzers;

/// <summary>Recognises an attribute by the name written, so that only likely matches are ever bound.</summary>
internal static class AttributeSyntaxNames
{
    public static bool Is(AttributeSyntax attribute, string shortName)
    {
        string written = attribute.Name switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => string.Empty,
        };

        // An alias (using Metered = …) is missed here; the price of binding every attribute in a project is not worth it.
        return written == shortName || written == shortName + "Attribute";
    }

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
