using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CostInstrumentation.Benchmarks;

/// <summary>What the generator benchmarks compile: parse options, references and unrelated code.</summary>
internal static class GeneratorInputs
{
    public static CSharpParseOptions ParseOptions { get; } = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest)
        .WithFeatures([new("InterceptorsNamespaces", "CostInstrumentation.Generated")]);

    /// <summary>The framework's System.* assemblies and the CostInstrumentation runtime.</summary>
    public static MetadataReference[] References()
    {
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        return [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path)!.TrimEnd(Path.DirectorySeparatorChar) == runtimeDirectory
                && (Path.GetFileName(path).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll"))
            .Append(typeof(LlmPricing).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }

    /// <summary>A file of <paramref name="invocations"/> calls of unrelated methods.</summary>
    public static SyntaxTree UnrelatedFile(int file, int invocations)
    {
        StringBuilder source = new($"namespace Unrelated{{ public static class File{file} {{ public static int Helper(int x) => x + 1; public static int Run() {{ int total = 0;");
        for (int i = 0; i < invocations; i++)
        {
            source.Append(i % 2 == 0 ? " total += Helper(total);" : " total += System.Math.Max(total, 1);");
        }

        return CSharpSyntaxTree.ParseText(source.Append(" return total; } } }").ToString(), ParseOptions, path: $"File{file}.cs");
    }

    /// <summary>An edit that changes nothing the generator looks at.</summary>
    public static SyntaxTree UnrelatedEdit(int edit) => CSharpSyntaxTree.ParseText(
        $"namespace Edits {{ public static class Edit{edit} {{ public static int F() => System.Math.Abs(-1); }} }}", ParseOptions, path: "Edit.cs");

    /// <summary>How many calls the driver's last run intercepted.</summary>
    public static int InterceptedCalls(GeneratorDriver driver) =>
        driver.GetRunResult().GeneratedTrees.Single(t => t.FilePath.EndsWith("LlmMeteringInterceptors.g.cs", StringComparison.Ordinal))
            .ToString().Split("InterceptsLocation(").Length - 1;
}
