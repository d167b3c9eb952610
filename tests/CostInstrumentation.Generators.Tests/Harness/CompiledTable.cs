using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace CostInstrumentation.Generators.Tests.Harness;

/// <summary>Reads the generated table back: from the literal as the compiler sees it, or by loading the compiled assembly.</summary>
internal static class CompiledTable
{
    /// <summary>The value of the generated <c>Data</c> literal, as the C# compiler reads it.</summary>
    public static string DataOf(string generatedSource)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(generatedSource, GeneratorHarness.ParseOptions);
        LiteralExpressionSyntax literal = tree.GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>()
            .Single(l => l.IsKind(SyntaxKind.StringLiteralExpression) && l.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken));
        return literal.Token.ValueText;
    }

    /// <summary>The text of the generated <c>Version</c> constant.</summary>
    public static string VersionOf(string generatedSource)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(generatedSource, GeneratorHarness.ParseOptions);
        VariableDeclaratorSyntax version = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
            .Single(v => v.Identifier.Text == "Version");
        return ((LiteralExpressionSyntax)version.Initializer!.Value).Token.ValueText;
    }

    /// <summary>
    /// Emits the run's output compilation, loads it into a collectible context and runs its module
    /// initializer, which registers the table with <see cref="CostInstrumentation.LlmPricing"/>.
    /// </summary>
    public static Assembly LoadAndInitialize(GeneratorRun run)
    {
        using MemoryStream image = new();
        EmitResult result = run.OutputCompilation.Emit(image);
        Assert.True(result.Success, "Emit failed:\n" + string.Join("\n", result.Diagnostics));
        image.Position = 0;
        AssemblyLoadContext context = new("generated-" + Guid.NewGuid().ToString("N"), isCollectible: true);
        Assembly assembly = context.LoadFromStream(image);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return assembly;
    }
}
